#include "net/outboxretry.h"

#include <QJsonObject>
#include <QTimer>

#include <algorithm>

namespace tessera {

OutboxRetry::Verdict OutboxRetry::classify(const ApiReply &reply)
{
    switch (reply.kind) {
    case ApiReply::Kind::Ok:
        return Verdict::Done;
    case ApiReply::Kind::NetworkError:
    case ApiReply::Kind::TlsError:
    case ApiReply::Kind::ProtocolError:
        return Verdict::Retry; // nothing definite came back: keep it
    case ApiReply::Kind::HttpError:
        break;
    }
    const int status = reply.httpStatus;
    if (status >= 500 || status == 408 || status == 429 || status == 401 || status == 426)
        return Verdict::Retry;
    if (status == 409 && reply.error.code == u"request_in_progress")
        return Verdict::Retry;
    return Verdict::Final;
}

QJsonArray OutboxRetry::inputErrors(const ApiReply &reply)
{
    QJsonArray errors;
    if (reply.httpStatus != 422 || reply.error.code != u"invalid_inputs")
        return errors;
    const QJsonArray listed = reply.body.value(QStringLiteral("errors")).toArray();
    for (const auto &value : listed) {
        const QJsonObject error = value.toObject();
        const QJsonValue input = error.value(QStringLiteral("input"));
        const QJsonValue message = error.value(QStringLiteral("message"));
        if (!input.isString() || !message.isString() || input.toString().isEmpty()
            || input.toString().size() > 200 || message.toString().size() > 2000)
            continue;
        errors.append(QJsonObject { { QStringLiteral("input"), input.toString() },
            { QStringLiteral("message"), message.toString() } });
    }
    return errors;
}

void OutboxRetry::setDelays(std::chrono::milliseconds first, std::chrono::milliseconds last)
{
    m_backoff.setDelays(first, last);
}

std::chrono::milliseconds OutboxRetry::delay(int attempts, int retryAfterSeconds) const
{
    std::optional<std::chrono::seconds> retryAfter;
    if (retryAfterSeconds >= 0)
        retryAfter = std::chrono::seconds(retryAfterSeconds);
    return m_backoff.after(attempts, retryAfter);
}

OutboxRetry::Deferral OutboxRetry::defer(
    int attempts, const ApiReply &reply, const QDateTime &now) const
{
    const std::chrono::milliseconds wait = delay(attempts, reply.retryAfterSeconds);
    return Deferral { wait, now.toUTC().addMSecs(wait.count()) };
}

void OutboxRetry::wakeAt(QTimer &timer, const QDateTime &next, const QDateTime &now)
{
    if (!next.isValid()) {
        timer.stop();
        return;
    }
    constexpr qint64 day = qint64 { 24 } * 60 * 60 * 1000;
    timer.start(std::chrono::milliseconds(std::clamp<qint64>(now.msecsTo(next), 0, day)));
}

} // namespace tessera
