#pragma once

#include "http/idempotentrequest.h"
#include "notifications/internalsender.h"
#include "privacy/personaldata.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <optional>

namespace tessera::server {

class ChangeFeed;
class Clock;
class NotificationService;

// Correction and deletion requests (docs/PRIVACY.md): a person asks, the request goes
// to the privacy role's inbox as an actionable item (InternalSender "privacy", in the same
// transaction), and an officer approves or rejects it there. An approved deletion is marked
// "approved" in the deciding transaction and the person is erased after that commit (erase and
// "done" in one transaction, so exactly once); a sweep (finishApproved, at start and then
// periodically) finishes approved deletions a crash left behind. A local ID may also delete its
// own account at once (eraseAccount). Blocking; runs on the worker pool.
class PrivacyRequests
{
public:
    // Told after an erasure committed: the person's live streams close (their tokens, devices
    // and passes are gone with the erasure already).
    using Erased = std::function<void(const QString &userId)>;

    struct Created
    {
        enum class Outcome { Created, Duplicate, NoOfficer, Failed };
        Outcome outcome = Outcome::Failed;
        QJsonObject request; // Created: the request; Duplicate: the open one
    };

    // flushAccessLog: writes the access log's waiting lines before an erasure.
    PrivacyRequests(ChangeFeed &feed, const Clock &clock, NotificationService &notifications,
        const PersonalData &data, std::function<bool()> flushAccessLog);

    void setSessionsEnded(Erased listener) { m_sessionsEnded = std::move(listener); }

    // userId asks (kind "correction" or "deletion"); the answer stored through complete in the
    // same transaction.
    Created create(const QString &userId, const QString &kind, const QString &comment,
        const IdempotentComplete &complete);
    // userId's requests, newest first; nullopt when the database failed.
    std::optional<QJsonArray> list(const QString &userId) const;
    // Erases userId at once (their own account); false when the database failed.
    bool eraseAccount(const QString &userId);
    // Finishes every approved deletion not done yet: how many, or nullopt when one failed.
    std::optional<int> finishApproved();

    const Clock &clock() const { return m_clock; }

    // A request as its person sees it, from a row of kColumns (privacyrequests.cpp).
    static QJsonObject toJson(const QSqlQuery &row);

private:
    // The officer's decision, inside the deciding transaction.
    bool decided(ChangeTransaction &transaction, const InternalDecision &decision) const;
    // Erases the person of the approved deletion id and marks it done, in one transaction;
    // true when done now or nothing was left to do.
    bool finish(const QString &id);
    // Erases userId in transaction (nothing when they are gone already: the erasure and the
    // request's "done" commit together, so a sweep never erases twice).
    bool erase(ChangeTransaction &transaction, const QString &userId);
    // Ends userId's pending requests (done) and withdraws their inbox items, in transaction.
    bool endOpen(ChangeTransaction &transaction, const QString &userId);

    ChangeFeed &m_feed;
    const Clock &m_clock;
    const PersonalData &m_data;
    std::function<bool()> m_flushAccessLog;
    Erased m_sessionsEnded;
    InternalSender m_sender;
};

} // namespace tessera::server
