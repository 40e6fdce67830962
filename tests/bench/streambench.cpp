#include "streambench.h"

#include "childprocess.h"
#include "demoaccounts.h"
#include "httpload.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>

namespace tessera::bench {

BenchRecipient benchRecipient(const test::ServerProcess &server, const QString &device)
{
    const QString person = QStringLiteral("Ben Okafor");
    BenchRecipient recipient;
    recipient.token = test::signInDemo(server, person, test::testDevice(device))
                          .value(QStringLiteral("accessToken"))
                          .toString()
                          .toUtf8();
    recipient.account = test::demoAccount(server, person);
    recipient.apiKey = test::demoApiKey(server).value(QStringLiteral("key")).toString().toUtf8();
    return recipient;
}

bool startSubscribers(test::ChildProcess &process, const SubscriberOptions &options,
    std::chrono::milliseconds readyWait, QString *error)
{
    if (!process.start(QStringLiteral(TESSERA_BENCH_PUSH_SUBSCRIBERS),
            { options.protocol, QString::number(options.port), QString::number(options.count),
                QString::fromUtf8(options.key), QString::number(options.messages),
                QString::number(options.timeoutMs) })) {
        *error = process.error();
        return false;
    }
    if (!process.waitForLine(QRegularExpression(QStringLiteral("^ready")), readyWait)) {
        *error = process.error() + QString::fromUtf8(process.output().right(2000));
        return false;
    }
    return true;
}

std::map<qint64, QList<qint64>> subscriberReceipts(const QByteArray &output)
{
    std::map<qint64, QList<qint64>> byKey;
    for (const QByteArray &line : output.split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        bool keyOk = false;
        bool nsOk = false;
        if (parts.size() != 2)
            continue;
        const qint64 key = parts.at(0).toLongLong(&keyOk);
        const qint64 ns = parts.at(1).toLongLong(&nsOk);
        if (keyOk && nsOk)
            byKey[key].append(ns);
    }
    return byKey;
}

QString postNotification(QTcpSocket &socket, const QByteArray &apiKey,
    const QByteArray &idempotencyKey, const QJsonObject &body, QString *answer)
{
    socket.write(httpRequestBytes("POST", "/v1/notifications", socket.peerPort(),
        test::bearer(QString::fromUtf8(apiKey), idempotencyKey),
        QJsonDocument(body).toJson(QJsonDocument::Compact)));
    // The answer: headers, then Content-Length bytes.
    QByteArray buffer;
    *answer = QStringLiteral("no answer within 30 s");
    while (socket.waitForReadyRead(30000)) {
        buffer += socket.readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            continue;
        const qsizetype at = buffer.toLower().indexOf("content-length:");
        const qsizetype length = at < 0
            ? 0
            : buffer.mid(at + 15, buffer.indexOf('\r', at) - at - 15).trimmed().toLongLong();
        if (buffer.size() < end + 4 + length)
            continue;
        if (!buffer.startsWith("HTTP/1.1 201")) {
            *answer = QString::fromUtf8(buffer.left(600));
            return {};
        }
        return QJsonDocument::fromJson(buffer.mid(end + 4, length))
            .object()
            .value(QStringLiteral("id"))
            .toString();
    }
    return {};
}

QJsonObject benchNotification(
    const QString &userId, const QString &title, const QString &text, const QString &reference)
{
    return {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { userId } } } },
        { QStringLiteral("title"), title },
        { QStringLiteral("body"), text },
        { QStringLiteral("category"), QStringLiteral("info") },
        { QStringLiteral("priority"), QStringLiteral("normal") },
        { QStringLiteral("actionable"), false },
        { QStringLiteral("reference"), reference },
    };
}

void addPercentileRows(BenchTable &table, const QString &label, const QString &figure,
    const QList<qint64> &subjectNs, const QList<qint64> &peerNs, int decimals)
{
    for (const double p : { 50.0, 99.0 }) {
        table.add(label + QStringLiteral(": %1 p%2").arg(figure).arg(p), QStringLiteral("ms"),
            BenchTable::Better::Lower, percentile(subjectNs, p) / 1e6, percentile(peerNs, p) / 1e6,
            decimals);
    }
}

} // namespace tessera::bench
