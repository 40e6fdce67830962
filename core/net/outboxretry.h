#pragma once

#include "net/apireply.h"
#include "net/backoff.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>

#include <chrono>

class QTimer;

namespace tessera {

// What the client's outboxes (decisions, submissions, survey answers, RSVPs, read marks) share
// about sending queued requests (with an Idempotency-Key where they carry one): what an answer
// means, when to send again, which entry is due and when the outbox's timer wakes it.
//
// An answer is Done (2xx), Retry (nothing definite came back: a network, TLS or protocol
// failure; 5xx, 408, 429, 401 (a token being refreshed), 426, 409 request_in_progress: the same
// request goes again later with the same key) or Final (any other refusal: the server will never
// take it as it is). A retry waits as Backoff says for the entry's attempts so far.
class OutboxRetry
{
public:
    enum class Verdict { Done, Retry, Final };

    static Verdict classify(const ApiReply &reply);
    // The errors of a 422 invalid_inputs, checked: [{input, message}] with text in both (an
    // input id of at most 200 characters, a message of at most 2,000); empty for any other answer.
    static QJsonArray inputErrors(const ApiReply &reply);

    void setDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);
    // The wait before attempt number attempts + 1 (attempts: those made so far, from 1;
    // retryAfterSeconds: ApiReply's, -1 when absent).
    std::chrono::milliseconds delay(int attempts, int retryAfterSeconds) const;

    // A Retry: how long it waits and when it goes again.
    struct Deferral
    {
        std::chrono::milliseconds delay;
        QDateTime at; // UTC
    };
    // The deferral of attempt number attempts (from 1) that got reply, from now.
    Deferral defer(int attempts, const ApiReply &reply,
        const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // An entry is due at now when its next attempt is invalid (at once) or not after now.
    static bool isDue(const QDateTime &nextAttemptAt, const QDateTime &now)
    {
        return !nextAttemptAt.isValid() || nextAttemptAt <= now;
    }
    // The first entry (anything with a nextAttemptAt) due at now; nullptr for none.
    template<typename Entry>
    static const Entry *firstDue(const QList<Entry> &entries, const QDateTime &now)
    {
        for (const Entry &entry : entries)
            if (isDue(entry.nextAttemptAt, now))
                return &entry;
        return nullptr;
    }
    // The earliest next attempt of entries (an invalid one: now); invalid for no entry.
    template<typename Entry>
    static QDateTime earliestAttempt(const QList<Entry> &entries, const QDateTime &now)
    {
        QDateTime earliest;
        for (const Entry &entry : entries) {
            const QDateTime at = entry.nextAttemptAt.isValid() ? entry.nextAttemptAt : now;
            if (!earliest.isValid() || at < earliest)
                earliest = at;
        }
        return earliest;
    }
    // Starts timer (single shot) for next: at once for a time gone, at most a day ahead (the
    // outbox looks again then); stops it when next is invalid (nothing waits).
    static void wakeAt(QTimer &timer, const QDateTime &next,
        const QDateTime &now = QDateTime::currentDateTimeUtc());

private:
    Backoff m_backoff { std::chrono::seconds(2), std::chrono::minutes(10) };
};

} // namespace tessera
