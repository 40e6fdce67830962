// The per-key token bucket (RateLimiter) on a clock the test moves: the burst, the refill, the
// Retry-After it answers, keys counted apart, the 429 it makes, and memory that stays bounded.
#include "http/ratelimiter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tessera::server;
using namespace std::chrono_literals;

class TestRateLimiter : public QObject
{
    Q_OBJECT

    std::chrono::steady_clock::time_point m_now = std::chrono::steady_clock::time_point(1000s);

    RateLimiter limiter(int perSecond, int burst)
    {
        return RateLimiter(perSecond, burst, [this] { return m_now; });
    }

private Q_SLOTS:
    void burstThenRefill()
    {
        RateLimiter bucket = limiter(2, 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(bucket.take(QStringLiteral("key_a")), std::nullopt);
        QCOMPARE(bucket.take(QStringLiteral("key_a")), std::optional<int>(1));
        // Another key has its own bucket.
        QCOMPARE(bucket.take(QStringLiteral("key_b")), std::nullopt);
        m_now += 500ms; // one token back at 2 a second
        QCOMPARE(bucket.take(QStringLiteral("key_a")), std::nullopt);
        QCOMPARE(bucket.take(QStringLiteral("key_a")), std::optional<int>(1));
        m_now += 1h; // never more than the burst
        for (int i = 0; i < 5; ++i)
            QCOMPARE(bucket.take(QStringLiteral("key_a")), std::nullopt);
        QVERIFY(bucket.take(QStringLiteral("key_a")).has_value());
    }

    void retryAfterIsWholeSecondsToTheNextToken()
    {
        RateLimiter slow = limiter(1, 1);
        QCOMPARE(slow.take(QStringLiteral("k")), std::nullopt);
        QCOMPARE(slow.take(QStringLiteral("k")), std::optional<int>(1));
        m_now += 300ms;
        QCOMPARE(slow.take(QStringLiteral("k")), std::optional<int>(1));
        m_now += 700ms;
        QCOMPARE(slow.take(QStringLiteral("k")), std::nullopt);
    }

    void zeroMeansNoLimit()
    {
        RateLimiter open = limiter(0, 1);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(open.take(QStringLiteral("k")), std::nullopt);
        QCOMPARE(open.bucketCount(), 0);
    }

    void refusalIs429WithRetryAfter()
    {
        const HttpResponse refusal = limiter(20, 100).refusal(3);
        QCOMPARE(refusal.status, 429);
        QCOMPARE(refusal.header("Retry-After"), QByteArrayLiteral("3"));
        const QJsonObject error = QJsonDocument::fromJson(refusal.body)
                                      .object()
                                      .value(QStringLiteral("error"))
                                      .toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("rate_limited"));
        QVERIFY(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("20")));
    }

    void idleBucketsAreDropped()
    {
        RateLimiter bucket = limiter(10, 10);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(bucket.take(QStringLiteral("key_%1").arg(i)), std::nullopt);
        QCOMPARE(bucket.bucketCount(), 100);
        m_now += 2min; // every bucket refilled: the next take sweeps them
        QCOMPARE(bucket.take(QStringLiteral("key_new")), std::nullopt);
        QCOMPARE(bucket.bucketCount(), 1);
    }

    void neverMoreThanMaxBuckets()
    {
        RateLimiter bucket = limiter(1, 2);
        for (qsizetype i = 0; i < RateLimiter::maxBuckets; ++i)
            QCOMPARE(bucket.take(QStringLiteral("key_%1").arg(i)), std::nullopt);
        QCOMPARE(bucket.bucketCount(), RateLimiter::maxBuckets);
        // All busy (none refilled): a newcomer waits rather than memory growing.
        QCOMPARE(bucket.take(QStringLiteral("one_more")), std::optional<int>(1));
        QCOMPARE(bucket.bucketCount(), RateLimiter::maxBuckets);
        m_now += 2s;
        QCOMPARE(bucket.take(QStringLiteral("one_more")), std::nullopt);
        QCOMPARE(bucket.bucketCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
