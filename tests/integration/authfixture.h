#pragma once

// What the identity tests share: the real parts over TLS from a throwaway CA (tessera-server on
// SQLite or PostgreSQL, the real slapd as its directory), a server's options, sign-in, the
// check of every answer against server/openapi.json, and a read of the server's database.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "openapidocument.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "slapdprocess.h"
#include "testhttp.h"
#include "tlsserverfixture.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

#include <optional>

namespace tessera::test {

class AuthFixture
{
protected:
    static inline const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

    static QJsonObject device(
        const QString &id, const QString &appVersion = QStringLiteral("1.0.0"))
    {
        return QJsonObject {
            { QStringLiteral("id"), id },
            { QStringLiteral("platform"), QStringLiteral("linux") },
            { QStringLiteral("osVersion"), QStringLiteral("Debian 12") },
            { QStringLiteral("model"), QStringLiteral("Test bench") },
            { QStringLiteral("appVersion"), appVersion },
        };
    }

    TlsServerFixture m_tls;
    SlapdProcess m_slapd;
    PostgresCluster m_postgres;
    std::optional<OpenApiDocument> m_api;
    int m_databases = 0;
    int m_devices = 0;

    ServerProcess::Options options(const QString &kind = QStringLiteral("sqlite"))
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("auth_%1").arg(++m_databases));
        // The certificate with the CA's after it (the chain), unlike tlsServerConfig.
        options.config = QJsonObject { { QStringLiteral("tls"),
            QJsonObject { { QStringLiteral("certificate"), m_tls.certificate().chainFile },
                { QStringLiteral("key"), m_tls.certificate().keyFile } } } };
        options.config.insert(QStringLiteral("directory"),
            QJsonObject {
                { QStringLiteral("url"), m_slapd.url() },
                { QStringLiteral("security"), QStringLiteral("plain") },
                { QStringLiteral("baseDn"), m_slapd.baseDn() },
                { QStringLiteral("bindDn"), m_slapd.serviceBindDn() },
                { QStringLiteral("bindPassword"), m_slapd.servicePassword() },
            });
        options.config.insert(QStringLiteral("minimumAppVersion"), QStringLiteral("0.9.0"));
        return options;
    }

    static void addKinds() { addDatabaseKinds(); }

    QString newDeviceId()
    {
        return QStringLiteral("test-device-%1").arg(++m_devices, 4, 10, QLatin1Char('0'));
    }

    // Calls the server and checks the answer against the OpenAPI file.
    HttpResult call(const ServerProcess &server, const QByteArray &method, const QString &path,
        const QJsonObject &body = {}, const QString &token = {})
    {
        HttpResult result = httpRequest(method, server.url(path),
            body.isEmpty() ? QByteArray() : compactJson(body), bearer(token));
        if (result.status == 0)
            return result;
        // The documented path: "/v1/admin/users/L1234567/roles" is "/v1/admin/users/{id}/roles".
        QString documented = path;
        for (const OpenApiDocument::Operation &operation : m_api->operations()) {
            QString pattern = QRegularExpression::escape(operation.path);
            pattern.replace(
                QRegularExpression(QStringLiteral("\\\\\\{[^}]+\\\\\\}")), QStringLiteral("[^/]+"));
            if (operation.method == QLatin1String(method)
                && QRegularExpression(QLatin1Char('^') + pattern + QLatin1Char('$'))
                       .match(path)
                       .hasMatch())
                documented = operation.path;
        }
        if (result.status == 204) {
            const auto operation = m_api->operation(QString::fromLatin1(method), documented);
            const bool described = operation
                && operation->object.value(QStringLiteral("responses"))
                       .toObject()
                       .contains(QStringLiteral("204"));
            if (!described || !result.body.isEmpty())
                return HttpResult {};
            return result;
        }
        QString problem;
        const auto schema =
            m_api->responseSchema(QString::fromLatin1(method), documented, result.status, &problem);
        if (!schema) {
            qWarning("%s %s answered %d, which openapi.json does not describe", method.constData(),
                qPrintable(path), result.status);
            return HttpResult {};
        }
        const QStringList errors = m_api->validate(QJsonDocument::fromJson(result.body).isNull()
                ? QJsonValue()
                : QJsonValue(result.json()),
            *schema);
        if (!errors.isEmpty()) {
            qWarning("%s %s %d does not fit its schema: %s", method.constData(), qPrintable(path),
                result.status, qPrintable(errors.join(QStringLiteral("; "))));
            return HttpResult {};
        }
        return result;
    }

    HttpResult login(const ServerProcess &server, const QString &kind, const QString &username,
        const QString &password, const QString &deviceId,
        const QString &appVersion = QStringLiteral("1.0.0"))
    {
        return call(server, "POST", QStringLiteral("/v1/auth/login"),
            QJsonObject { { QStringLiteral("kind"), kind },
                { QStringLiteral("username"), username }, { QStringLiteral("password"), password },
                { QStringLiteral("device"), device(deviceId, appVersion) } });
    }

    // The demo account holding role.
    static QJsonObject accountWithRole(const ServerProcess &server, const QString &role)
    {
        return demoAccountWithRole(server, role);
    }

    static QJsonObject demoPerson(const ServerProcess &server, const QString &displayName)
    {
        return demoAccount(server, displayName);
    }

    // Signs the demo admin in and creates a local ID; answers {userId, temporaryPassword}.
    QJsonObject createLocalUser(const ServerProcess &server, const QJsonArray &roles = {})
    {
        const QJsonObject admin = accountWithRole(server, QStringLiteral("admin"));
        const HttpResult signedIn = login(server, QStringLiteral("local"),
            admin.value(QStringLiteral("username")).toString(),
            admin.value(QStringLiteral("password")).toString(), newDeviceId());
        if (signedIn.status != 200)
            return {};
        const HttpResult created = call(server, "POST", QStringLiteral("/v1/admin/local-users"),
            QJsonObject { { QStringLiteral("displayName"), QStringLiteral("Nia Medic") },
                { QStringLiteral("email"), QStringLiteral("nia.medic@tessera.test") },
                { QStringLiteral("geo"), QStringLiteral("Pune") },
                { QStringLiteral("roles"), roles } },
            signedIn.json().value(QStringLiteral("accessToken")).toString());
        return created.status == 201 ? created.json() : QJsonObject {};
    }

    static QVariant sqlValue(
        const ServerProcess &server, const QString &databaseUrl, const QString &statement)
    {
        const ServerSqlResult result = runServerSql(server.dataDir(), databaseUrl, statement);
        if (!result.ok || !result.hasRow) {
            qWarning("%s", qPrintable(result.error));
            return {};
        }
        return result.value;
    }

    // The parts every test needs, started once per test executable.
    void startParts()
    {
        QVERIFY2(m_tls.create(), qPrintable(m_tls.error()));
        // Every request of this test trusts the throwaway CA, and nothing else is changed: the
        // server's certificate is checked in full (chain, name 127.0.0.1).
        QVERIFY(trustCaByDefault(m_tls.caFile()));
        QVERIFY2(m_slapd.start(), qPrintable(m_slapd.error()));
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QString error;
        m_api = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(m_api.has_value(), qPrintable(error));
    }
};

} // namespace tessera::test
