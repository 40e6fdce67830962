// What the client's outboxes (decisions, submissions, survey answers, RSVPs, read marks) share:
// which answers are sent again with the same key (and after how long, and when), which are final,
// the checked errors of a 422 invalid_inputs, which entry is due and when the timer wakes.
#include "net/outboxretry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QTimer>

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

struct Entry
{
    QString name;
    QDateTime nextAttemptAt;
};

const QDateTime kNow(QDate(2026, 12, 7), QTime(9, 0), Qt::UTC);

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

    void aDeferralSaysHowLongAndWhen()
    {
        OutboxRetry retry;
        retry.setDelays(100ms, 10000ms);
        ApiReply busy = httpError(503, QStringLiteral("unavailable"));
        OutboxRetry::Deferral later = retry.defer(3, busy, kNow);
        QCOMPARE(later.delay, 400ms);
        QCOMPARE(later.at, kNow.addMSecs(400));
        QCOMPARE(later.at.timeSpec(), Qt::UTC);
        busy.retryAfterSeconds = 5; // 429 or 503 with Retry-After: never sooner
        later = retry.defer(1, busy, kNow);
        QCOMPARE(later.delay, 5000ms);
        QCOMPARE(later.at, kNow.addSecs(5));
        // A time given in another zone is the same instant, answered in UTC.
        later = retry.defer(1, busy, kNow.toOffsetFromUtc(3600));
        QCOMPARE(later.at, kNow.addSecs(5));
        QCOMPARE(later.at.timeSpec(), Qt::UTC);
    }

    void findsTheFirstDueAndTheEarliestAttempt()
    {
        const QList<Entry> none;
        QVERIFY(!OutboxRetry::firstDue(none, kNow));
        QVERIFY(!OutboxRetry::earliestAttempt(none, kNow).isValid());

        const QList<Entry> later { { QStringLiteral("a"), kNow.addSecs(60) },
            { QStringLiteral("b"), kNow.addSecs(30) }, { QStringLiteral("c"), kNow.addSecs(90) } };
        QVERIFY(!OutboxRetry::firstDue(later, kNow));
        QCOMPARE(OutboxRetry::earliestAttempt(later, kNow), kNow.addSecs(30));

        const QList<Entry> mixed { { QStringLiteral("a"), kNow.addSecs(60) },
            { QStringLiteral("b"), kNow }, { QStringLiteral("c"), QDateTime() } };
        const Entry *due = OutboxRetry::firstDue(mixed, kNow);
        QVERIFY(due);
        QCOMPARE(due->name, QStringLiteral("b")); // exactly now is due, in list order
        QCOMPARE(OutboxRetry::earliestAttempt(mixed, kNow), kNow); // invalid: now
        QVERIFY(OutboxRetry::isDue(QDateTime(), kNow));
        QVERIFY(OutboxRetry::isDue(kNow.addSecs(-1), kNow));
        QVERIFY(!OutboxRetry::isDue(kNow.addMSecs(1), kNow));
    }

    void wakesTheTimerAtTheNextAttempt()
    {
        QTimer timer;
        timer.setSingleShot(true);
        OutboxRetry::wakeAt(timer, kNow.addSecs(90), kNow);
        QVERIFY(timer.isActive());
        QCOMPARE(timer.interval(), 90000);
        // A time gone: at once.
        OutboxRetry::wakeAt(timer, kNow.addSecs(-90), kNow);
        QVERIFY(timer.isActive());
        QCOMPARE(timer.interval(), 0);
        // Far ahead: a day at the most (the outbox looks again then).
        OutboxRetry::wakeAt(timer, kNow.addDays(40), kNow);
        QCOMPARE(timer.interval(), 24 * 60 * 60 * 1000);
        // Nothing waits: stopped.
        OutboxRetry::wakeAt(timer, QDateTime(), kNow);
        QVERIFY(!timer.isActive());
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
