// The one backoff of the client's retrying loops (syncs, the live stream, token refreshes, scan
// uploads, the outboxes): the first delay doubling up to the last, never sooner than Retry-After
// (itself capped at the last delay), and a success starting again from the first.
#include "net/backoff.h"

#include <QTest>

using namespace tessera;
using namespace std::chrono_literals;

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void doublesFromTheFirstUpToTheLast()
    {
        Backoff backoff(100ms, 1000ms);
        QCOMPARE(backoff.current(), 0ms);
        QCOMPARE(backoff.next(), 100ms);
        QCOMPARE(backoff.current(), 100ms);
        QCOMPARE(backoff.next(), 200ms);
        QCOMPARE(backoff.next(), 400ms);
        QCOMPARE(backoff.next(), 800ms);
        // The ceiling: never past the last delay, however many failures follow.
        QCOMPARE(backoff.next(), 1000ms);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(backoff.next(), 1000ms);
        QCOMPARE(backoff.current(), 1000ms);
    }

    void retryAfterAboveTheDelayWaitsLongerButNotPastTheLast()
    {
        Backoff backoff(100ms, 10000ms);
        QCOMPARE(backoff.next(3s), 3000ms);
        // The doubling goes on from the backoff's own delay, not from what the server asked.
        QCOMPARE(backoff.current(), 100ms);
        QCOMPARE(backoff.next(), 200ms);
        // An hour is capped at the last delay.
        QCOMPARE(backoff.next(3600s), 10000ms);
        QCOMPARE(backoff.current(), 400ms);
    }

    void retryAfterBelowTheDelayChangesNothing()
    {
        Backoff backoff(2000ms, 60000ms);
        QCOMPARE(backoff.next(1s), 2000ms);
        QCOMPARE(backoff.next(0s), 4000ms);
        QCOMPARE(backoff.next(4s), 8000ms);
        QCOMPARE(backoff.next(std::nullopt), 16000ms);
    }

    void resetStartsAgainFromTheFirst()
    {
        Backoff backoff(100ms, 1000ms);
        backoff.next();
        backoff.next();
        QCOMPARE(backoff.next(), 400ms);
        backoff.reset();
        QCOMPARE(backoff.current(), 0ms);
        QCOMPARE(backoff.next(), 100ms);
        QCOMPARE(backoff.next(), 200ms);
    }

    void setDelaysKeepsTheFailuresAndALastBelowTheFirstIsTheFirst()
    {
        Backoff backoff;
        QCOMPARE(backoff.first(), 2000ms);
        QCOMPARE(backoff.last(), 600000ms);
        backoff.setDelays(500ms, 10ms);
        QCOMPARE(backoff.last(), 500ms);
        QCOMPARE(backoff.next(), 500ms);
        QCOMPARE(backoff.next(), 500ms);
        QCOMPARE(backoff.next(60s), 500ms);
        // New delays mid-way: the doubling goes on from where it got, under the new ceiling.
        backoff.setDelays(100ms, 4000ms);
        QCOMPARE(backoff.next(), 1000ms);
        QCOMPARE(backoff.next(), 2000ms);
    }

    void afterGivesWhatNextWouldWithoutChangingAnything()
    {
        Backoff counted(100ms, 1000ms);
        Backoff stepped(100ms, 1000ms);
        for (int failures = 1; failures <= 60; ++failures) {
            const std::chrono::milliseconds wait = stepped.next();
            QCOMPARE(counted.after(failures), wait);
            QCOMPARE(counted.after(failures, 2s), std::max(wait, 1000ms));
            QCOMPARE(counted.after(failures, 0s), wait);
        }
        QCOMPARE(counted.current(), 0ms);
        // Not even one failure yet: the first delay.
        QCOMPARE(counted.after(0), 100ms);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
