#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace tessera::server {

class CallbackUrl;

// One webhook POST (docs/NOTIFICATIONS.md, "Webhooks"): its headers, how it is sent, and the
// words its failure is logged with. Shared by the dispatcher (queued deliveries, retried) and the
// test ping (sent once, answered synchronously).
class WebhookRequest
{
public:
    // What came of one attempt: the receiver's HTTP status (none when there was no answer) and,
    // when it failed, the words for the delivery log (empty: delivered, a 2xx).
    // The most of a receiver's answer body that is kept (the rest is read and dropped).
    static constexpr qsizetype maxAnswerBytes = qsizetype(64) * 1024;

    struct Outcome
    {
        std::optional<int> status;
        QString error;
        // The answer's body, at most maxAnswerBytes; answerTooLarge when it was longer.
        QByteArray answer;
        bool answerTooLarge = false;

        bool delivered() const { return error.isEmpty(); }
    };

    // The signed POST: Content-Type, Tessera-Delivery-Id, Tessera-Event-Type, Tessera-Signature
    // (signed now, so that every retry is signed anew), User-Agent; redirects are not followed.
    static QNetworkRequest make(const CallbackUrl &url, const QString &deliveryId,
        const QByteArray &body, const QList<QByteArray> &secrets, qint64 unixSeconds);
    // The body's "type" ("notification.decided" for a body without one: the first decision
    // webhooks had none).
    static QString eventType(const QByteArray &body);

    // Posts body and calls done once, on the manager's thread, with the outcome. The receiver
    // has `timeout` from the start until its whole answer; then the call is cut.
    static void post(QNetworkAccessManager &network, const QNetworkRequest &request,
        const QByteArray &body, std::chrono::seconds timeout,
        const std::function<void(const Outcome &)> &done);
    // The same, waiting for the outcome (a worker thread: it runs its own event loop).
    static Outcome postAndWait(
        const QNetworkRequest &request, const QByteArray &body, std::chrono::seconds timeout);

    // The log's words: "no answer within 30 s", "could not connect", "HTTP 503", and for 3xx
    // "HTTP 302: redirects are not followed; set callbackUrl to the final URL".
    static QString failure(std::optional<int> status, bool timedOut, std::chrono::seconds timeout);
};

} // namespace tessera::server
