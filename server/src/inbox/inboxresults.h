#pragma once

#include "cards/submissionvalidator.h"
#include "notifications/notificationresults.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace tessera::server {

// InboxService::changedSince(): a page of the person's delta.
struct InboxPage
{
    bool ok = false; // false when the database failed
    QJsonArray items;
    qint64 cursor = 0; // the last item's cursor, or the one asked for
    bool hasMore = false;
};

// InboxService::item() and markRead(): one item as its person sees it.
struct ItemResult
{
    Lookup lookup = Lookup::Failed;
    QJsonObject item;
};

// What a person decides (POST /v1/inbox/{id}/decision).
struct Decision
{
    QString action;
    QString comment; // empty when none
    qint64 version = 0; // the item's version the person saw
    QJsonObject inputs; // the card's inputs sent with the action (input id → value)
};

// DecisionService::decide().
struct DecisionResult
{
    enum class Outcome {
        Decided,
        NotFound,
        AlreadyDecided,
        Expired, // expired before (or, when expiredNow, by this very request)
        Withdrawn,
        NotActionable,
        UnknownAction,
        CommentRequired,
        InvalidInputs, // the inputs do not fit the card's submit action (inputErrors)
        VersionConflict,
        NotTaken, // the server's own sender (InternalSender) could not act on it: still open
        Failed,
    };
    Outcome outcome = Outcome::Failed;
    QJsonObject current; // the item as it is now (empty for NotFound, Failed)
    QString actionLabel; // CommentRequired: the action's label
    bool expiredNow = false;
    QList<cards::InputError> inputErrors; // InvalidInputs: one per input, in the card's order
};

} // namespace tessera::server
