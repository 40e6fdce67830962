#pragma once

#include "notifications/newnotification.h"
#include "notifications/notificationresults.h"

#include <QString>

#include <functional>

namespace tessera::server {

class ChangeTransaction;
class NotificationService;

// A decision of an internal sender's item, as its handler is told.
struct InternalDecision
{
    QString notificationId;
    QString reference; // the reference the feature gave
    QString action; // the action id decided
    QString comment; // may be empty
    QString deciderId; // user id of who decided
    QString decidedAt; // wire time
};

// A feature of the server itself (privacy requests, health records) that puts actionable items in
// a role's inbox and acts on the decision inside the deciding transaction (exactly once).
// Its items are stored as any sub-system's, under an internal key row of its own ("internal_"
// + name: revoked from the start so that no key authenticates as it, never in the admin's list of
// keys); it has no callback URL and no events feed, so a decision makes no webhook delivery and
// no event: the handler is told instead.
class InternalSender
{
public:
    // false rolls the decision back (the decider gets a 5xx-free clear error; the item stays open).
    using DecisionHandler = std::function<bool(ChangeTransaction &, const InternalDecision &)>;
    // name: "privacy" | "medical" (a feature's sender). Registered by the composition root,
    // before the server serves.
    InternalSender(NotificationService &notifications, QString name, DecisionHandler handler);

    // Sends an actionable item to the people of the role; the requester (a user id) is never
    // asked (DESIGN.md). Can run inside the caller's ChangeTransaction (so a request and its inbox
    // item commit together). The notification's callback URL is ignored (decisions go to the
    // handler); Failed (or a refusal) leaves the transaction for the caller to roll back.
    CreateResult send(ChangeTransaction &transaction, const NewNotification &notification);
    // Ends the item for everyone (e.g. the record was withdrawn). Unchanged when it had ended or
    // been decided already, or is not this sender's.
    Written withdraw(ChangeTransaction &transaction, const QString &notificationId);

    // Told (on the deciding worker thread) after a decision the handler accepted committed: for
    // work that must not run inside the deciding transaction (an erasure). Set before serving.
    void setCommittedListener(std::function<void(const InternalDecision &)> listener)
    {
        m_committed = std::move(listener);
    }

    // The key row its items are stored under.
    QString apiKeyId() const { return m_apiKeyId; }
    QString name() const { return m_name; }

private:
    // Makes the key row if it is not there yet (in transaction).
    bool ensureKey(ChangeTransaction &transaction);

    NotificationService &m_notifications;
    QString m_name;
    QString m_apiKeyId;
    std::function<void(const InternalDecision &)> m_committed;
};

} // namespace tessera::server
