#pragma once

// What the tests of a sub-system's reading back share: a real server on either database, the
// sub-system's calls (notify, list, read, withdraw, events) and a person's decision, and the
// check of an answer against server/openapi.json.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "openapidocument.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include <optional>

namespace tessera::test {

class SubsystemFixture
{
protected:
    static inline const QDateTime kStart = QDateTime(QDate(2026, 11, 29), QTime(9, 0), Qt::UTC);

    static QJsonObject request(
        const QString &reference, const QStringList &users, bool actionable = true)
    {
        QJsonObject body {
            { QStringLiteral("recipients"),
                QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(users) } } },
            { QStringLiteral("title"), QStringLiteral("Leave request") },
            { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
            { QStringLiteral("category"), QStringLiteral("leave") },
            { QStringLiteral("actionable"), actionable },
            { QStringLiteral("reference"), reference },
        };
        if (actionable)
            body.insert(QStringLiteral("actions"), approveRejectActions());
        return body;
    }

    static QJsonObject polled(QJsonObject body)
    {
        body.insert(QStringLiteral("delivery"), QStringLiteral("poll"));
        return body;
    }

    static QJsonObject withCallback(QJsonObject body, const QByteArray &url)
    {
        body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(url));
        return body;
    }

    static QStringList typesOf(const QJsonArray &events)
    {
        QStringList types;
        for (const auto &event : events)
            types.append(event.toObject().value(QStringLiteral("type")).toString());
        return types;
    }

    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_keys = 0;
    QElapsedTimer m_started; // since the server's clock read kStart (at most)
    QString m_database; // the last start()'s: empty for SQLite, else PostgreSQL's URL
    std::optional<OpenApiDocument> m_document;

    // What in result does not fit server/openapi.json's schema for method path (as written).
    QStringList misfits(const QString &method, const QString &path, const HttpResult &result) const
    {
        QString error;
        const auto schema = m_document->responseSchema(method, path, result.status, &error);
        if (!schema)
            return { error };
        return m_document->validate(QJsonDocument::fromJson(result.body).object(), *schema);
    }

    bool start(ServerProcess &server, const QString &kind)
    {
        ServerProcess::Options options;
        options.now = kStart.toString(Qt::ISODate);
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("readback_%1").arg(++m_databases));
        m_database = options.database;
        m_started.start();
        return server.start(options);
    }

    // A time at least seconds ahead of the server's clock (which started at kStart after
    // m_started did), RFC 3339.
    QString ahead(int seconds) const
    {
        return kStart.addMSecs(m_started.elapsed() + seconds * qint64(1000)).toString(Qt::ISODate);
    }

    static QString keyOf(const ServerProcess &server)
    {
        return demoApiKey(server).value(QStringLiteral("key")).toString();
    }

    QByteArray newKey() { return "readback-" + QByteArray::number(++m_keys); }

    HttpResult notify(const ServerProcess &server, const QJsonObject &body)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
            compactJson(body), bearer(keyOf(server), newKey()));
    }

    QString sent(const ServerProcess &server, const QJsonObject &body)
    {
        const HttpResult created = notify(server, body);
        if (created.status != 201)
            qWarning("notify answered %d: %s", created.status, created.body.constData());
        return created.json().value(QStringLiteral("id")).toString();
    }

    using Query = QList<std::pair<QString, QString>>;

    static HttpResult get(const ServerProcess &server, const QString &path, const Query &query = {},
        const QString &key = {})
    {
        QUrl url = server.url(path);
        QUrlQuery items;
        for (const auto &[name, value] : query)
            items.addQueryItem(name, value);
        url.setQuery(items);
        return httpRequest("GET", url, {}, bearer(key.isEmpty() ? keyOf(server) : key));
    }

    static HttpResult withdraw(const ServerProcess &server, const QString &id)
    {
        return httpRequest("DELETE", server.url(QStringLiteral("/v1/notifications/") + id), {},
            bearer(keyOf(server)));
    }

    static QString signIn(const ServerProcess &server, const QString &name)
    {
        return signInDemo(server, name, testDevice(QStringLiteral("readback-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    HttpResult decide(const ServerProcess &server, const QString &token, const QString &id,
        const QString &action, int version = 1)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
            compactJson(QJsonObject {
                { QStringLiteral("action"), action }, { QStringLiteral("version"), version } }),
            bearer(token, newKey()));
    }

    static QJsonArray events(
        const ServerProcess &server, const QString &since = {}, const QString &key = {})
    {
        return get(server, QStringLiteral("/v1/subsystem/events"),
            since.isEmpty() ? Query {} : Query { { QStringLiteral("since"), since } }, key)
            .json()
            .value(QStringLiteral("events"))
            .toArray();
    }

    static QJsonArray listed(
        const ServerProcess &server, const Query &query = {}, const QString &key = {})
    {
        return get(server, QStringLiteral("/v1/notifications"), query, key)
            .json()
            .value(QStringLiteral("items"))
            .toArray();
    }

    // The types of the events about notification id, oldest first.
    static QStringList typesFor(const ServerProcess &server, const QString &id)
    {
        QJsonArray about;
        const QJsonArray all = events(server);
        for (const auto &event : all) {
            if (event.toObject().value(QStringLiteral("notificationId")).toString() == id)
                about.append(event);
        }
        return typesOf(about);
    }

    // The text field name of array's item i.
    static QString textAt(const QJsonArray &array, int i, const QString &name)
    {
        return array.at(i).toObject().value(name).toString();
    }

    // Loads server/openapi.json and starts PostgreSQL; false (and *error) when either failed.
    bool setUp(QString *error)
    {
        m_document = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), error);
        if (!m_document)
            return false;
        if (!m_postgres.start()) {
            *error = m_postgres.error();
            return false;
        }
        return true;
    }
};

} // namespace tessera::test
