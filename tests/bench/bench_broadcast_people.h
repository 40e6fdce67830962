#pragma once

// bench_broadcast's directory and its connected people: 100,000 directory people added straight to
// the people table (as bench_news adds them), access tokens for the first N of them written
// straight to the token table (a sign-in per person would only measure the password hash), and
// BroadcastPerson, one connected person as the app is: a first sync, a live stream, and a delta
// sync on every inbox hint.
#include "selfclock.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QWebSocket>

namespace tessera::bench {

// People B1..Bn, one department and site, employees.
inline QString addDirectoryPeopleSql(int people)
{
    return QStringLiteral(
        "INSERT INTO users (id, kind, username, username_key, display_name, department, geo, "
        "user_type, created_at, updated_at) "
        "SELECT 'B' || i, 'ad', 'bench' || i, 'bench' || i, 'Bench Person ' || i, 'Operations', "
        "'Pune', 'employee', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' "
        "FROM generate_series(1, %1) AS i")
        .arg(people);
}

// The access token of person Bi (see addAccessTokensSql).
inline QByteArray benchAccessToken(int person)
{
    return "tsa_bench-broadcast-" + QByteArray::number(person);
}

// Live access tokens (stored as the server stores them: SHA-256 hex) and a device for B1..Bn.
inline QString addAccessTokensSql(int people)
{
    return QStringLiteral(
        "INSERT INTO devices (user_id, id, platform, os_version, model, app_version, created_at, "
        "last_seen_at) SELECT 'B' || i, 'bench-device', 'linux', '12', 'bench', '1.0.0', "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM generate_series(1, %1) AS i; "
        "INSERT INTO access_tokens (token_hash, user_id, device_id, family_id, created_at, "
        "expires_at) SELECT encode(sha256(convert_to('tsa_bench-broadcast-' || i, 'UTF8')), "
        "'hex'), 'B' || i, 'bench-device', 'fam_bench' || i, '2026-01-01T00:00:00Z', "
        "'2099-01-01T00:00:00Z' FROM generate_series(1, %1) AS i")
        .arg(people);
}

class BroadcastPerson : public QObject
{
public:
    BroadcastPerson(quint16 port, QByteArray token)
        : m_port(port)
        , m_token(std::move(token))
    { }

    // The first sync (GET /v1/inbox), then the stream; isReady() once both are done.
    void start()
    {
        QObject::connect(
            &m_stream, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
                if (!m_hello) {
                    m_hello = true;
                    return;
                }
                if (text.contains(QLatin1String("\"inbox\"")))
                    sync();
            });
        QObject::connect(&m_stream, &QWebSocket::disconnected, this, [this] {
            fail(QStringLiteral("a stream closed: %1 %2")
                     .arg(int(m_stream.closeCode()))
                     .arg(m_stream.closeReason()));
        });
        sync();
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/v1/stream").arg(m_port)));
        request.setRawHeader("Authorization", "Bearer " + m_token);
        m_stream.open(request);
    }

    bool isReady() const { return m_hello && m_synced; }
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    // When a delta sync first listed item id (CLOCK_MONOTONIC ns), 0 when none did yet.
    qint64 hadAt(const QString &id) const { return m_seen.value(id, 0); }

private:
    void fail(const QString &why)
    {
        if (m_error.isEmpty())
            m_error = QString::fromLatin1(m_token) + QStringLiteral(": ") + why;
    }

    // GET /v1/inbox?since=CURSOR (the first: without), over a connection of its own; another
    // hint meanwhile syncs again once this one ends.
    void sync()
    {
        if (m_syncing) {
            m_again = true;
            return;
        }
        m_syncing = true;
        m_again = false;
        auto *socket = new QTcpSocket(this);
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::connected, socket, [this, socket] {
            QByteArray target = "/v1/inbox?limit=500";
            if (!m_cursor.isEmpty())
                target += "&since=" + m_cursor;
            socket->write("GET " + target
                + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
                + "\r\nAuthorization: Bearer " + m_token + "\r\nConnection: close\r\n\r\n");
        });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const qsizetype at = buffer->toLower().indexOf("content-length:");
            if (at < 0)
                return;
            const qsizetype length =
                buffer->mid(at + 15, buffer->indexOf('\r', at) - at - 15).trimmed().toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            const qint64 now = monotonicNs();
            if (!buffer->startsWith("HTTP/1.1 200")) {
                fail(QString::fromUtf8(buffer->left(300)));
                return;
            }
            const QJsonObject page = QJsonDocument::fromJson(buffer->mid(end + 4, length)).object();
            const QJsonArray items = page.value(QStringLiteral("items")).toArray();
            for (const auto &item : items) {
                const QString id = item.toObject().value(QStringLiteral("id")).toString();
                if (!m_seen.contains(id))
                    m_seen.insert(id, now);
            }
            m_cursor = page.value(QStringLiteral("cursor")).toString().toLatin1();
            m_synced = true;
            m_syncing = false;
            socket->disconnect(this);
            socket->deleteLater();
            if (m_again || page.value(QStringLiteral("hasMore")).toBool())
                sync();
        });
        QObject::connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] {
            if (m_syncing && socket->error() != QAbstractSocket::RemoteHostClosedError)
                fail(socket->errorString());
        });
        socket->connectToHost(QHostAddress::LocalHost, m_port);
    }

    quint16 m_port;
    QByteArray m_token;
    QWebSocket m_stream;
    QByteArray m_cursor;
    QHash<QString, qint64> m_seen;
    bool m_hello = false;
    bool m_synced = false;
    bool m_syncing = false;
    bool m_again = false;
    QString m_error;
};

} // namespace tessera::bench
