#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <chrono>
#include <functional>

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
    // When set: the whole request (request line, headers, body; see httpRequestBytes) of the
    // index-th request issued (from 0), instead of GET path.
    std::function<QByteArray(int index)> makeRequest;
    // When set: called with every answer, the index of its request, its status and its body.
    std::function<void(int index, int status, const QByteArray &body)> onAnswer;
    QList<int> okStatuses { 200 }; // any other status counts as notOk
};

// An HTTP/1.1 keep-alive request to 127.0.0.1:port; a body is sent as application/json.
QByteArray httpRequestBytes(const QByteArray &method, const QByteArray &path, quint16 port,
    const QList<QPair<QByteArray, QByteArray>> &headers = {}, const QByteArray &body = {});

struct LoadResult
{
    qint64 completed = 0; // answers received
    qint64 notOk = 0; // of which the status was not 200
    int firstBadStatus = 0;
    QByteArray firstBadBody;
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
// The middle value (the upper one of the two middle values of an even count); 0 when empty.
double median(QList<double> values);

} // namespace tessera::bench
