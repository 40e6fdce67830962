// What the client's outboxes (decisions, submissions) share: which answers are sent again with
// the same key (and after how long), which are final, and the checked errors of a 422
// invalid_inputs.
#include "net/outboxretry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace tessera;
using namespace std::chrono_literals;

namespace {

ApiReply httpError(int status, const QString &code, const QJsonObject &body = {})
{
    ApiReply reply;
    reply.kind = ApiReply::Kind::HttpError;
    reply.httpStatus = status;
    reply.error = ApiError { code, QStringLiteral("words") };
    reply.body = body;
    return reply;
}

ApiReply ofKind(ApiReply::Kind kind)
{
    ApiReply reply;
    reply.kind = kind;
    reply.httpStatus = kind == ApiReply::Kind::Ok ? 200 : 0;
    return reply;
}

} // namespace

class TestOutboxRetry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classifiesAnswers()
    {
        using V = OutboxRetry::Verdict;
        QCOMPARE(OutboxRetry::classify(ofKind(ApiReply::Kind::Ok)), V::Done);
        for (const auto kind : { ApiReply::Kind::NetworkError, ApiReply::Kind::TlsError,
                 ApiReply::Kind::ProtocolError })
            QCOMPARE(OutboxRetry::classify(ofKind(kind)), V::Retry);
        for (const int status : { 500, 502, 503, 408, 429, 401, 426 })
            QCOMPARE(OutboxRetry::classify(httpError(status, QStringLiteral("x"))), V::Retry);
        QCOMPARE(
            OutboxRetry::classify(httpError(409, QStringLiteral("request_in_progress"))), V::Retry);
        QCOMPARE(
            OutboxRetry::classify(httpError(409, QStringLiteral("already_decided"))), V::Final);
        QCOMPARE(OutboxRetry::classify(httpError(422, QStringLiteral("invalid_inputs"))), V::Final);
        QCOMPARE(OutboxRetry::classify(httpError(410, QStringLiteral("expired"))), V::Final);
        QCOMPARE(
            OutboxRetry::classify(httpError(400, QStringLiteral("invalid_request"))), V::Final);
    }

    void delaysDoubleUpToTheLastAndHonourRetryAfter()
    {
        OutboxRetry retry;
        retry.setDelays(100ms, 1000ms);
        QCOMPARE(retry.delay(1, -1), 100ms);
        QCOMPARE(retry.delay(2, -1), 200ms);
        QCOMPARE(retry.delay(4, -1), 800ms);
        QCOMPARE(retry.delay(5, -1), 1000ms);
        QCOMPARE(retry.delay(50, -1), 1000ms);
        // Retry-After waits longer, never past the last delay.
        retry.setDelays(100ms, 10000ms);
        QCOMPARE(retry.delay(1, 3), 3000ms);
        QCOMPARE(retry.delay(1, 3600), 10000ms);
        // A last delay below the first is the first.
        retry.setDelays(500ms, 10ms);
        QCOMPARE(retry.delay(3, -1), 500ms);
    }

    void inputErrorsAreCheckedAndOnlyForInvalidInputs()
    {
        const QJsonObject body { { QStringLiteral("errors"),
            QJsonArray {
                QJsonObject { { QStringLiteral("input"), QStringLiteral("hours") },
                    { QStringLiteral("message"), QStringLiteral("Hours must be at most 12") } },
                QJsonObject { { QStringLiteral("input"), 7 },
                    { QStringLiteral("message"), QStringLiteral("not an id") } },
                QJsonObject { { QStringLiteral("input"), QString() },
                    { QStringLiteral("message"), QStringLiteral("empty id") } },
                QJsonObject { { QStringLiteral("input"), QString(201, QLatin1Char('x')) },
                    { QStringLiteral("message"), QStringLiteral("long id") } },
                QJsonObject { { QStringLiteral("input"), QStringLiteral("reason") },
                    { QStringLiteral("message"), QString(2001, QLatin1Char('m')) } },
                QStringLiteral("not an object"),
            } } };
        const QJsonArray errors =
            OutboxRetry::inputErrors(httpError(422, QStringLiteral("invalid_inputs"), body));
        QCOMPARE(errors,
            (QJsonArray { QJsonObject { { QStringLiteral("input"), QStringLiteral("hours") },
                { QStringLiteral("message"), QStringLiteral("Hours must be at most 12") } } }));
        QVERIFY(OutboxRetry::inputErrors(httpError(422, QStringLiteral("unknown_action"), body))
                    .isEmpty());
        QVERIFY(OutboxRetry::inputErrors(httpError(409, QStringLiteral("invalid_inputs"), body))
                    .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOutboxRetry)
#include "tst_outboxretry.moc"
