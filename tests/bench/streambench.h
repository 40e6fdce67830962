#pragma once

// What the benchmarks of the live stream share (bench_push, bench_cluster_fanout,
// bench_streams10k): starting bench-push-subscribers, reading its receipts, posting a
// notification over a keep-alive connection, and the latency percentile rows of a table.
#include "benchtable.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <chrono>
#include <map>

class QTcpSocket;

namespace tessera::test {
class ChildProcess;
class ServerProcess;
} // namespace tessera::test

namespace tessera::bench {

// The person the benchmarks notify (the demo's Ben Okafor) signed in as device, and the demo
// sub-system's API key; empty fields when the server did not give them.
struct BenchRecipient
{
    QByteArray token; // the person's access token (the subscribers' streams)
    QJsonObject account; // demoAccount: userId, username, password
    QByteArray apiKey; // the sub-system's, for POST /v1/notifications
    QString userId() const { return account.value(QStringLiteral("userId")).toString(); }
    bool isComplete() const { return !token.isEmpty() && !userId().isEmpty() && !apiKey.isEmpty(); }
};
BenchRecipient benchRecipient(const test::ServerProcess &server, const QString &device);

// What bench-push-subscribers is told (see push_subscribers.cpp): "ws" (key: the person's access
// token) or "mqtt" (key: the topic), count connections to 127.0.0.1:port, messages to wait for,
// at most timeoutMs after they are open.
struct SubscriberOptions
{
    QString protocol = QStringLiteral("ws");
    quint16 port = 0;
    int count = 0;
    QByteArray key;
    int messages = 0;
    int timeoutMs = 60000;
};

// Starts bench-push-subscribers in process and waits (at most readyWait) until every connection
// is open ("ready"); false with *error (the process's last output too) when not.
bool startSubscribers(test::ChildProcess &process, const SubscriberOptions &options,
    std::chrono::milliseconds readyWait, QString *error);

// The receipts "KEY NS" a bench-push-subscribers run printed, by key (other lines are passed
// over).
std::map<qint64, QList<qint64>> subscriberReceipts(const QByteArray &output);

// POST /v1/notifications of body over socket (a keep-alive connection to the server), with the
// sub-system's apiKey and idempotencyKey; waits (at most 30 s) for the answer. The new
// notification's id, or empty with *answer saying what the server answered instead of 201.
QString postNotification(QTcpSocket &socket, const QByteArray &apiKey,
    const QByteArray &idempotencyKey, const QJsonObject &body, QString *answer);

// A plain notification (category info, normal priority, not actionable) to one person.
QJsonObject benchNotification(
    const QString &userId, const QString &title, const QString &text, const QString &reference);

// Two rows "label: figure p50" and "label: figure p99" in ms, lower is better.
void addPercentileRows(BenchTable &table, const QString &label, const QString &figure,
    const QList<qint64> &subjectNs, const QList<qint64> &peerNs, int decimals);

} // namespace tessera::bench
