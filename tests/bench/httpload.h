#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>

namespace tessera::bench {

// A closed-loop HTTP/1.1 load: `connections` keep-alive TCP connections to 127.0.0.1, each with
// one request in flight at a time, until `requests` answers have come back or `timeLimit` has
// passed (then it stops issuing and reports what it did). Raw QTcpSocket, one thread, no
// QNetworkAccessManager (which would cap at 6 connections per host and add its own cost).
struct LoadOptions
{
    quint16 port = 0;
    QByteArray path = QByteArrayLiteral("/");
    int connections = 1;
    int requests = 1000;
    std::chrono::milliseconds timeLimit { 60000 };
    std::chrono::milliseconds answerTimeout { 10000 }; // one answer slower than this: an error
};

struct LoadResult
{
    qint64 completed = 0; // answers received
    qint64 notOk = 0; // of which the status was not 200
    int firstBadStatus = 0;
    qint64 wallNs = 0; // first request sent .. last answer received
    bool timeLimitReached = false;
    QList<qint64> latenciesNs; // one per answer: request written .. answer complete
    QByteArray firstBody;
    QString error; // empty when every request got a complete answer

    bool ok() const { return error.isEmpty() && notOk == 0; }
    double requestsPerSecond() const;
    QString describeProblem() const;
};

LoadResult runHttpLoad(const LoadOptions &options);

// Nearest-rank percentile (p in 0..100) of the values, in the values' unit; 0 when empty.
double percentile(QList<qint64> values, double p);

} // namespace tessera::bench
