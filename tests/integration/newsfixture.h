#pragma once

// What the news tests against the real server share: one server per database kind for the
// whole test case (started in initTestCase, each with its own --clock-file, whose clock only
// moves on), the sub-system's and the people's calls, and a person's live stream.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "publishcalls.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkRequest>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QWebSocket>

#include <map>
#include <memory>

namespace tessera::test {

class NewsFixture
{
protected:
    static inline const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

    struct Stage
    {
        ServerProcess server;
        QString database; // empty: SQLite
        QString clockFile;
        qint64 offset = 0; // seconds the clock was moved on so far
    };

    PostgresCluster m_postgres;
    QTemporaryDir m_dir;
    std::map<QString, std::unique_ptr<Stage>> m_stages;

    // In initTestCase: PostgreSQL, and a server on each kind.
    bool startStages(const QString &name, QString *problem)
    {
        if (!m_dir.isValid() || !m_postgres.start()) {
            *problem = QStringLiteral("no PostgreSQL: ") + m_postgres.error();
            return false;
        }
        for (const QString &kind : { QStringLiteral("sqlite"), QStringLiteral("postgresql") }) {
            auto stage = std::make_unique<Stage>();
            stage->clockFile = m_dir.filePath(kind + QStringLiteral(".clock"));
            ServerProcess::Options options;
            options.now = kStart;
            options.database = databaseForKind(m_postgres, kind, name);
            options.extraArguments << QStringLiteral("--clock-file") << stage->clockFile;
            stage->database = options.database;
            if (!publish::writeClock(stage->clockFile, 0) || !stage->server.start(options)) {
                *problem = kind + QStringLiteral(": no server: ") + stage->server.error();
                return false;
            }
            m_stages[kind] = std::move(stage);
        }
        return true;
    }

    Stage &stage(const QString &kind) { return *m_stages.at(kind); }
    ServerProcess &server(const QString &kind) { return stage(kind).server; }

    // The server's clock seconds further on (--clock-file; the server sees it within a moment).
    bool moveClock(const QString &kind, qint64 seconds)
    {
        Stage &s = stage(kind);
        s.offset += seconds;
        return publish::writeClock(s.clockFile, s.offset);
    }

    // Roughly where the server's clock is now (the tests leave a margin of minutes).
    QDateTime serverNow(const QString &kind)
    {
        // Any answer of the route table carries the server's clock in its Date header.
        const HttpResult answer = httpRequest("GET", server(kind).url(QStringLiteral("/v1/news")));
        QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(answer.header("Date")),
            QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        date.setTimeZone(QTimeZone::utc());
        if (!date.isValid())
            qWarning() << "no Date header:" << answer.headers;
        return date;
    }

    int sqlInt(const QString &kind, const QString &statement)
    {
        return serverSqlInt(server(kind).dataDir(), stage(kind).database, statement);
    }

    static QString rfc3339(const QDateTime &time) { return time.toUTC().toString(Qt::ISODate); }

    static QJsonObject everyone() { return publish::everyone(); }
    static QJsonObject users(const QStringList &ids)
    {
        return QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(ids) } };
    }

    static QJsonObject post(const QString &title, const QJsonObject &audience)
    {
        return QJsonObject { { QStringLiteral("title"), title },
            { QStringLiteral("summary"), QString(title + QStringLiteral(": the summary")) },
            { QStringLiteral("body"), QStringLiteral("**Bold** news with a list:\n- one\n- two") },
            { QStringLiteral("category"), QStringLiteral("Company") },
            { QStringLiteral("audience"), audience } };
    }

    static bool fits(const QString &method, const QString &path, const HttpResult &result)
    {
        return publish::fitsOpenApi(method, path, result);
    }

    static QString demoKey(const ServerProcess &server) { return publish::demoKey(server); }

    static HttpResult putRaw(const ServerProcess &server, const QString &postId,
        const QByteArray &body, const QString &key = {})
    {
        return publish::asKey(
            server, "PUT", QStringLiteral("/v1/subsystem/news/") + postId, body, key);
    }

    static HttpResult putPost(const ServerProcess &server, const QString &postId,
        const QJsonObject &body, const QString &key = {})
    {
        return putRaw(server, postId, compactJson(body), key);
    }

    // The server's id of a post put (201 or 200), or empty with a warning.
    static QString idOfPut(
        const ServerProcess &server, const QString &postId, const QJsonObject &body)
    {
        const HttpResult result = putPost(server, postId, body);
        if (result.status != 201 && result.status != 200)
            qWarning() << "put" << postId << result.status << result.body;
        return result.json().value(QStringLiteral("id")).toString();
    }

    static HttpResult deletePost(const ServerProcess &server, const QString &postId)
    {
        return publish::asKey(server, "DELETE", QStringLiteral("/v1/subsystem/news/") + postId);
    }

    static HttpResult stats(const ServerProcess &server, const QString &postId)
    {
        return publish::asKey(
            server, "GET", QStringLiteral("/v1/subsystem/news/%1/stats").arg(postId));
    }

    static QString signIn(const ServerProcess &server, const QString &displayName,
        const QString &device = QStringLiteral("news-test-device"))
    {
        return signInDemo(server, displayName, testDevice(device))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    // GET /v1/news?since= as a person.
    static HttpResult news(
        const ServerProcess &server, const QString &token, const QString &since = {})
    {
        return publish::readSince(server, token, QStringLiteral("/v1/news"), since);
    }

    static HttpResult markRead(
        const ServerProcess &server, const QString &token, const QByteArray &body)
    {
        return httpRequest(
            "POST", server.url(QStringLiteral("/v1/news/read")), body, bearer(token));
    }

    static HttpResult markRead(
        const ServerProcess &server, const QString &token, const QStringList &ids)
    {
        return markRead(server, token,
            compactJson(
                QJsonObject { { QStringLiteral("ids"), QJsonArray::fromStringList(ids) } }));
    }

    static QString cursorOf(const HttpResult &page)
    {
        return page.json().value(QStringLiteral("cursor")).toString();
    }

    static QStringList idsOf(const HttpResult &page)
    {
        return publish::idsIn(page, QStringLiteral("posts"));
    }

    static QJsonObject postIn(const HttpResult &page, const QString &id)
    {
        for (const auto &post : page.json().value(QStringLiteral("posts")).toArray()) {
            if (post.toObject().value(QStringLiteral("id")).toString() == id)
                return post.toObject();
        }
        return {};
    }

    static QStringList removedOf(const HttpResult &page) { return publish::removedIn(page); }

    static QStringList strings(const QJsonValue &array)
    {
        QStringList list;
        for (const auto &value : array.toArray())
            list.append(value.toString());
        return list;
    }

    // A person's live stream (GET /v1/stream): the messages it got, the hello first.
    struct Stream
    {
        QWebSocket socket;
        QStringList messages;

        bool open(const ServerProcess &server, const QString &token)
        {
            QObject::connect(&socket, &QWebSocket::textMessageReceived,
                [this](const QString &text) { messages.append(text); });
            QUrl url = server.url(QStringLiteral("/v1/stream"));
            url.setScheme(QStringLiteral("ws"));
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
            socket.open(request);
            return QTest::qWaitFor([this] { return !messages.isEmpty(); }, 10000);
        }

        // The cursors of the {"type":"news"} hints so far.
        QStringList newsHints() const
        {
            QStringList cursors;
            for (const QString &text : messages) {
                const QJsonObject hint = QJsonDocument::fromJson(text.toUtf8()).object();
                if (hint.value(QStringLiteral("type")).toString() == u"news")
                    cursors.append(hint.value(QStringLiteral("cursor")).toString());
            }
            return cursors;
        }
    };
};

} // namespace tessera::test
