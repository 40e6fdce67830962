#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera {

namespace cards {
struct Card;
}

// One item of the person's inbox, as GET /v1/inbox gives it (docs/NOTIFICATIONS.md), plus what
// this device knows locally: a decision waiting in the outbox, a read mark not yet told to the
// server, and the last word on a decision for the person (a conflict or a refusal).
struct InboxItem
{
    // From the wire.
    QString id;
    QString subsystem;
    QString title;
    QString body;
    QString category;
    QString priority; // "normal" or "high"
    QDateTime createdAt; // UTC
    QDateTime expiresAt; // invalid: none
    bool actionable = false;
    QJsonArray actions; // [{"id","label","requiresComment"}]
    QJsonValue data; // any JSON value (null when none)
    QString state; // unread, read, approved, rejected, done, expired, withdrawn
    QString decidedBy;
    QString decidedByName;
    QDateTime decidedAt;
    QString decidedVia;
    QString decidedAction;
    qint64 version = 1;
    // The Adaptive Card shown as the body, checked with core's CardParser: a card that does not
    // parse (or is over 64 KiB) is dropped and the plain body shows. Empty: none. Its submit
    // actions are the item's actions (by id, or an Action.Execute's verb).
    QJsonObject card;
    // The inputs of the card the deciding decision was sent with (whoever decided, on whatever
    // device): input id → value. Empty: none (not decided, no card, an action without inputs).
    QJsonObject decidedInputs;

    // Local only.
    bool readPending = false; // marked read here, the server not told yet
    QString statusText; // "Already approved by A. Rao on Pixel 8 at 10:42", a refusal ...
    bool pending = false; // a decision waits in the outbox
    QString pendingAction;
    // InboxStore::item() only: what the server said of the inputs of the last decision sent
    // (422 invalid_inputs: [{"input","message"}]); empty when nothing.
    QJsonArray inputErrors;
    // The ids of the actions whose card submit action sends inputs (formActionsOf(card)): such
    // an action is decided on the detail page with the form, never from the list. Set by
    // fromJson() (InboxStore keeps it with the card), on the rows of open items and by
    // InboxStore::item().
    QStringList formActions;

    // Reads an item of the wire; nullopt with *error when a required field is missing or of
    // the wrong type (unknown fields are ignored: the server may add some).
    static std::optional<InboxItem> fromJson(const QJsonObject &json, QString *error);
    // The wire's shape (local fields left out; "card" only when there is one).
    QJsonObject toJson() const;

    bool hasCard() const { return !card.isEmpty(); }
    // The ids of the item actions that card's submit actions send inputs with (by id, or an
    // Action.Execute's verb; associatedInputs "none" sends none), in the card's order.
    static QStringList formActionsOf(const QJsonObject &card);
    static QStringList formActionsOfParsed(const cards::Card &card);
    bool needsForm(const QString &actionId) const { return formActions.contains(actionId); }
    // Reads the wire's "card": the card when it parses, else empty (logged); with formActions,
    // also its formActionsOf (from the same parse).
    static QJsonObject checkedCard(
        const QString &itemId, const QJsonValue &card, QStringList *formActions = nullptr);
    bool isOpen() const { return state == u"unread" || state == u"read"; }
    bool isUnread() const { return state == u"unread"; }
    // Open, actionable and not decided from here yet.
    bool needsAction() const { return actionable && isOpen() && !pending; }
    // The action of this id, or an empty object.
    QJsonObject action(const QString &actionId) const;

    // The words for a decision someone made (or the end of the item): "Already approved by
    // Ben Okafor on Pixel 8 at 10:42", "Withdrawn by the sender", "Expired". Times in local
    // time: the clock time when today, else the date too.
    static QString outcomeText(const InboxItem &current, const QString &errorCode);
    // "on Pixel 8" for "app · Pixel 8", "from the command line" for "cli", ...
    static QString describeVia(const QString &via);
};

} // namespace tessera
