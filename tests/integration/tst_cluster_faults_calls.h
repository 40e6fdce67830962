#pragma once
// tst_cluster_faults' pieces: calls retried as the app's outbox retries them, and three nodes on
// one PostgreSQL database behind HAProxy.
#include "clusterstream.h"
#include "demoaccounts.h"
#include "haproxyprocess.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QDir>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <array>

namespace tessera::test {

// POST calls sent as the app's outbox sends them (core/net/outboxretry.cpp): each with its own
// Idempotency-Key, sent again with the same key after no answer, 502, 503, 504 or 409
// request_in_progress (200 ms later), until any other answer; at most `parallel` at once.
class RetryingCalls : public QObject
{
public:
    struct Call
    {
        QUrl url;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers; // with the Idempotency-Key
        int attempts = 0;
        int status = 0; // the final answer's status; 0 while unfinished
        bool replayed = false; // the final answer was an idempotent replay
        QByteArray answer;
        int lastStatus = -1; // the latest attempt's status (0: no answer)
        QString lastCode; // its "error"."code"
    };

    explicit RetryingCalls(int parallel)
        : m_parallel(parallel)
    {
        m_network.setTransferTimeout(15000); // a node that died mid-answer: no answer, retried
    }

    void add(const QUrl &url, const QByteArray &body,
        const QList<QPair<QByteArray, QByteArray>> &headers)
    {
        Call call;
        call.url = url;
        call.body = body;
        call.headers = headers;
        m_calls.append(call);
        if (m_running < m_parallel)
            send(m_calls.size() - 1);
        else
            m_waiting.append(m_calls.size() - 1);
    }

    const QList<Call> &calls() const { return m_calls; }
    int finished() const { return m_finished; }
    bool allFinished() const { return m_finished == m_calls.size(); }
    // Unfinished calls whose latest attempt was told its key's first request still runs.
    int waitingOnClaims() const
    {
        return int(std::count_if(m_calls.cbegin(), m_calls.cend(), [](const Call &call) {
            return call.status == 0 && call.lastCode == u"request_in_progress";
        }));
    }
    int retries() const { return m_retries; }

private:
    void send(qsizetype index)
    {
        ++m_running;
        Call &call = m_calls[index];
        ++call.attempts;
        QNetworkRequest request(call.url);
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &header : std::as_const(call.headers))
            request.setRawHeader(header.first, header.second);
        QNetworkReply *reply = m_network.post(request, call.body);
        connect(reply, &QNetworkReply::finished, this, [this, reply, index] {
            reply->deleteLater();
            Call &done = m_calls[index];
            done.lastStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            done.lastCode = QJsonDocument::fromJson(body)
                                .object()
                                .value(QStringLiteral("error"))
                                .toObject()
                                .value(QStringLiteral("code"))
                                .toString();
            const bool again = done.lastStatus == 0 || done.lastStatus == 502
                || done.lastStatus == 503 || done.lastStatus == 504
                || (done.lastStatus == 409 && done.lastCode == u"request_in_progress");
            if (again) {
                ++m_retries;
                QTimer::singleShot(200, this, [this, index] {
                    --m_running;
                    send(index);
                });
                return;
            }
            done.status = done.lastStatus;
            done.answer = body;
            done.replayed = reply->rawHeader("Idempotent-Replayed") == "true";
            ++m_finished;
            --m_running;
            if (!m_waiting.isEmpty())
                send(m_waiting.takeFirst());
        });
    }

    QNetworkAccessManager m_network;
    QList<Call> m_calls;
    QList<qsizetype> m_waiting;
    int m_parallel;
    int m_running = 0;
    int m_finished = 0;
    int m_retries = 0;
};

// Three demo nodes on one new database of postgres, sharing the first one's secrets key and a
// clock file (moveClock() puts all three clocks ahead at once), with HAProxy in front.
struct ThreeNodes
{
    QTemporaryDir dir;
    std::array<ServerProcess, 3> nodes;
    HaproxyProcess haproxy;
    QString error;

    bool start(PostgresCluster &postgres, const QString &databaseName)
    {
        if (!dir.isValid() || !moveClock(0) || !postgres.createDatabase(databaseName)) {
            error = QStringLiteral("no folder, clock file or database: ") + postgres.error();
            return false;
        }
        QList<QUrl> urls;
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            ServerProcess::Options options;
            options.database = postgres.databaseUrl(databaseName);
            options.extraArguments << QStringLiteral("--clock-file")
                                   << dir.filePath(QStringLiteral("clock"));
            // Everything comes from 127.0.0.1, and the sub-system posts hundreds at once.
            options.config = QJsonObject { { QStringLiteral("http"),
                QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 0 },
                    { QStringLiteral("maxConnectionsPerAddress"), 100000 } } } };
            // The first node makes the schema, the demo data and the key; the others share them.
            if (i > 0)
                options.config.insert(QStringLiteral("secretsKeyFile"),
                    QDir(nodes[0].dataDir()).filePath(QStringLiteral("secrets.key")));
            if (!nodes[i].start(options)) {
                error = nodes[i].error();
                return false;
            }
            urls.append(nodes[i].url());
        }
        if (!haproxy.start(urls)) {
            error = haproxy.error();
            return false;
        }
        return true;
    }

    // Every node's clock this many seconds ahead of the real one (--clock-file).
    bool moveClock(int seconds)
    {
        QSaveFile file(dir.filePath(QStringLiteral("clock")));
        return file.open(QIODevice::WriteOnly) && file.write(QByteArray::number(seconds) + '\n') > 0
            && file.commit();
    }

    const ServerProcess &first() const { return nodes[0]; }
    QByteArray apiKey() const
    {
        return demoApiKey(nodes[0]).value(QStringLiteral("key")).toString().toLatin1();
    }
    QString userId(const QString &displayName) const
    {
        return demoAccount(nodes[0], displayName).value(QStringLiteral("userId")).toString();
    }
    // displayName's access token from a sign-in through HAProxy; empty when it failed.
    QString signIn(const QString &displayName, const QString &device)
    {
        const QJsonObject account = demoAccount(nodes[0], displayName);
        const HttpResult answer = httpRequest("POST", haproxy.url(QStringLiteral("/v1/auth/login")),
            compactJson(QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                { QStringLiteral("username"), account.value(QStringLiteral("username")) },
                { QStringLiteral("password"), account.value(QStringLiteral("password")) },
                { QStringLiteral("device"), testDevice(device) } }));
        error =
            QStringLiteral("sign-in: %1 %2").arg(answer.status).arg(QString::fromUtf8(answer.body));
        return answer.json().value(QStringLiteral("accessToken")).toString();
    }
};

} // namespace tessera::test
