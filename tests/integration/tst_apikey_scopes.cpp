// API key scopes against the real server (SQLite and PostgreSQL): a key that holds only
// notifications:read lists but is refused a send with 403 insufficient_scope (the scope named in
// the message and in WWW-Authenticate), before its rate limit counts the request; scopes listed,
// checked when made and changed, a change holding from the next request and audit-logged, kept by
// a rotation; a second rotation during an overlap refused unless forced; the key list's ?limit=.
#include "openapidocument.h"
#include "webhookfixture.h"

#include <QJsonArray>
#include <QTest>

using namespace tessera::test;

namespace {

QString message(const HttpResult &result)
{
    return result.json()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("message"))
        .toString();
}

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

class TestApiKeyScopes : public QObject, public WebhookFixture
{
    Q_OBJECT

    std::optional<OpenApiDocument> m_api;

    static HttpResult admin(const ServerProcess &server, const QString &token,
        const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return httpRequest(method, server.url(path),
            method == "GET" ? QByteArray() : compactJson(body), bearer(token));
    }

    static HttpResult listSent(const ServerProcess &server, const QString &key)
    {
        return httpRequest("GET", server.url(QStringLiteral("/v1/notifications")), {}, bearer(key));
    }

    // The answer fits openapi.json's schema for the operation and status.
    bool fits(const QString &method, const QString &path, const HttpResult &result)
    {
        QString error;
        const auto schema = m_api->responseSchema(method, path, result.status, &error);
        const QStringList problems =
            schema ? m_api->validate(result.json(), *schema) : QStringList { error };
        if (!problems.isEmpty())
            qWarning() << method << path << "does not fit openapi.json:" << problems;
        return problems.isEmpty();
    }

    // The key's entry in the admin's list.
    static QJsonObject listed(const ServerProcess &server, const QString &token, const QString &id)
    {
        const HttpResult list = admin(server, token, "GET", QStringLiteral("/v1/admin/api-keys"));
        for (const auto &key : list.json().value(QStringLiteral("keys")).toArray()) {
            if (key.toObject().value(QStringLiteral("id")).toString() == id)
                return key.toObject();
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QString error;
        m_api = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(m_api, qPrintable(error));
    }

    void keysAreHeldToTheirScopes_data() { addDatabaseKinds(); }
    void keysAreHeldToTheirScopes()
    {
        QFETCH(QString, kind);
        ServerProcess::Options limited = options(kind);
        // A small bucket: refusals for a missing scope must not empty it.
        limited.config = QJsonObject { { QStringLiteral("http"),
            QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 1 },
                { QStringLiteral("apiKeyBurst"), 5 } } } };
        ServerProcess server;
        const Started started = startWithDemoKey(server, limited);
        QVERIFY2(started.ok(), qPrintable(started.error));
        const QString &token = started.admin;
        const QString keys = QStringLiteral("/v1/admin/api-keys");

        // The demo key holds every scope.
        const QString demoId = started.keyId();
        const QStringList all { QStringLiteral("notifications:write"),
            QStringLiteral("notifications:read"), QStringLiteral("events:read"),
            QStringLiteral("deliveries:read"), QStringLiteral("deliveries:write"),
            QStringLiteral("cards:write"), QStringLiteral("services:write"),
            QStringLiteral("submissions:read"), QStringLiteral("news:write"),
            QStringLiteral("events:write"), QStringLiteral("surveys:write") };
        QCOMPARE(listed(server, token, demoId).value(QStringLiteral("scopes")), strings(all));
        QCOMPARE(started.demoKey.value(QStringLiteral("scopes")), strings(all));

        // Made without scopes: every scope; with unknown or no scopes: 422, nothing made.
        const HttpResult full = admin(server, token, "POST", keys,
            QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("full") } });
        QCOMPARE(full.status, 201);
        QVERIFY(fits(QStringLiteral("POST"), keys, full));
        QCOMPARE(full.json().value(QStringLiteral("scopes")), strings(all));
        const auto refusedMaking = [&](const QJsonValue &scopes) {
            return admin(server, token, "POST", keys,
                QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("wrong") },
                    { QStringLiteral("scopes"), scopes } });
        };
        const HttpResult unknown = refusedMaking(QJsonArray {
            QStringLiteral("notifications:read"), QStringLiteral("notifications:delete") });
        QCOMPARE(unknown.status, 422);
        QCOMPARE(errorCode(unknown), QStringLiteral("invalid_scope"));
        QVERIFY2(message(unknown).contains(QStringLiteral("“notifications:delete” is not a scope")),
            unknown.body.constData());
        QVERIFY(message(unknown).contains(QStringLiteral("events:read")));
        QCOMPARE(errorCode(refusedMaking(QJsonArray())), QStringLiteral("invalid_scope"));
        QCOMPARE(refusedMaking(QJsonValue()).status, 422);
        QCOMPARE(refusedMaking(QStringLiteral("notifications:read")).status, 400);
        QCOMPARE(refusedMaking(QJsonArray { 1 }).status, 400);
        QUrl pageUrl = server.url(keys);
        pageUrl.setQuery(QStringLiteral("limit=200"));
        const HttpResult page = httpRequest("GET", pageUrl, {}, bearer(token));
        QCOMPARE(page.status, 200);
        for (const auto &key : page.json().value(QStringLiteral("keys")).toArray())
            QVERIFY(key.toObject().value(QStringLiteral("subsystem")) != QStringLiteral("wrong"));

        // A read-only key (a duplicate counts once): it lists, it may not send.
        const HttpResult made = admin(server, token, "POST", keys,
            QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("reader") },
                { QStringLiteral("scopes"),
                    QJsonArray { QStringLiteral("notifications:read"),
                        QStringLiteral("notifications:read") } } });
        QCOMPARE(made.status, 201);
        const QString id = made.json().value(QStringLiteral("id")).toString();
        const QString key = made.json().value(QStringLiteral("key")).toString();
        QCOMPARE(made.json().value(QStringLiteral("scopes")),
            QJsonArray { QStringLiteral("notifications:read") });
        QCOMPARE(listed(server, token, id).value(QStringLiteral("scopes")),
            QJsonArray { QStringLiteral("notifications:read") });
        QCOMPARE(listSent(server, key).status, 200);
        // Refused each time with the scope named; never 429: the rate limit does not count it.
        for (int i = 0; i < 12; ++i) {
            const HttpResult refused = sendLeaveRequest(server, key);
            QCOMPARE(refused.status, 403);
            QCOMPARE(errorCode(refused), QStringLiteral("insufficient_scope"));
            QCOMPARE(refused.header("WWW-Authenticate"),
                QByteArrayLiteral(
                    "Bearer error=\"insufficient_scope\", scope=\"notifications:write\""));
            QCOMPARE(message(refused),
                QStringLiteral("This API key (%1) lacks the scope notifications:write; an admin "
                               "can grant it: tessera-cli admin keys scopes %1 --scopes "
                               "notifications:write,notifications:read")
                    .arg(id));
            QVERIFY(fits(QStringLiteral("POST"), QStringLiteral("/v1/notifications"), refused));
        }
        QCOMPARE(
            httpRequest("GET", server.url(QStringLiteral("/v1/subsystem/events")), {}, bearer(key))
                .header("WWW-Authenticate"),
            QByteArrayLiteral("Bearer error=\"insufficient_scope\", scope=\"events:read\""));
        QCOMPARE(listSent(server, key).status, 200);

        // Changed: the next request is held to the new scopes; the change is audit-logged.
        const QString scopesPath = QStringLiteral("/v1/admin/api-keys/%1/scopes").arg(id);
        QCOMPARE(admin(server, token, "POST", scopesPath,
                     QJsonObject { { QStringLiteral("scopes"),
                         QJsonArray { QStringLiteral("deliveries:everything") } } })
                     .status,
            422);
        QCOMPARE(admin(server, token, "POST", scopesPath,
                     QJsonObject { { QStringLiteral("scopes"), QJsonArray() } })
                     .status,
            422);
        QCOMPARE(admin(server, token, "POST", scopesPath, QJsonObject()).status, 400);
        QCOMPARE(sendLeaveRequest(server, key).status, 403);
        const HttpResult changed = admin(server, token, "POST", scopesPath,
            QJsonObject { { QStringLiteral("scopes"),
                QJsonArray { QStringLiteral("notifications:write"),
                    QStringLiteral("notifications:read") } } });
        QCOMPARE(changed.status, 200);
        QVERIFY(fits(
            QStringLiteral("POST"), QStringLiteral("/v1/admin/api-keys/{id}/scopes"), changed));
        QCOMPARE(
            changed.json().value(QStringLiteral("subsystem")).toString(), QStringLiteral("reader"));
        QCOMPARE(changed.json().value(QStringLiteral("scopes")),
            strings(
                { QStringLiteral("notifications:write"), QStringLiteral("notifications:read") }));
        QCOMPARE(sendLeaveRequest(server, key).status, 201);
        const ServerSqlResult audit = runServerSql(server.dataDir(), limited.database,
            QStringLiteral("SELECT detail FROM audit_log WHERE action = 'change_api_key_scopes'"
                           " AND target = '%1'")
                .arg(id));
        QVERIFY2(audit.ok && audit.hasRow, qPrintable(audit.error));
        QCOMPARE(audit.value.toString(),
            QStringLiteral("scopes notifications:write notifications:read (were "
                           "notifications:read)"));

        // Rotated: the new key keeps the scopes, and is refused what they do not hold.
        const HttpResult rotated =
            admin(server, token, "POST", QStringLiteral("/v1/admin/api-keys/%1/rotate").arg(id),
                QJsonObject { { QStringLiteral("overlapSeconds"), 0 } });
        QCOMPARE(rotated.status, 200);
        QCOMPARE(rotated.json().value(QStringLiteral("scopes")),
            changed.json().value(QStringLiteral("scopes")));
        const QString newKey = rotated.json().value(QStringLiteral("key")).toString();
        QCOMPARE(sendLeaveRequest(server, newKey).status, 201);
        QCOMPARE(errorCode(httpRequest("GET",
                     server.url(QStringLiteral("/v1/subsystem/deliveries")), {}, bearer(newKey))),
            QStringLiteral("insufficient_scope"));

        // Unknown or revoked keys have no scopes to change; people may not change them.
        QCOMPARE(
            admin(server, token, "POST", QStringLiteral("/v1/admin/api-keys/key_nosuch/scopes"),
                QJsonObject { { QStringLiteral("scopes"), strings(all) } })
                .status,
            404);
        QCOMPARE(
            admin(server, token, "POST", QStringLiteral("/v1/admin/api-keys/%1/revoke").arg(id))
                .status,
            200);
        QCOMPARE(admin(server, token, "POST", scopesPath,
                     QJsonObject { { QStringLiteral("scopes"), strings(all) } })
                     .status,
            404);
        QCOMPARE(admin(server, started.ben, "POST",
                     QStringLiteral("/v1/admin/api-keys/%1/scopes")
                         .arg(full.json().value(QStringLiteral("id")).toString()),
                     QJsonObject { { QStringLiteral("scopes"), strings(all) } })
                     .status,
            403);
    }

    // A second rotation while the first one's overlap runs would end the first old key at once:
    // refused, unless forced (or overlapSeconds 0, which ends every old key).
    void secondRotationDuringAnOverlap_data() { addDatabaseKinds(); }
    void secondRotationDuringAnOverlap()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        const Started started = startWithDemoKey(server, options(kind));
        QVERIFY2(started.ok(), qPrintable(started.error));
        const QString &token = started.admin;
        const HttpResult made = admin(server, token, "POST", QStringLiteral("/v1/admin/api-keys"),
            QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("rotating") } });
        QCOMPARE(made.status, 201);
        const QString id = made.json().value(QStringLiteral("id")).toString();
        const QString first = made.json().value(QStringLiteral("key")).toString();
        const QString rotate = QStringLiteral("/v1/admin/api-keys/%1/rotate").arg(id);

        const HttpResult once = admin(server, token, "POST", rotate,
            QJsonObject { { QStringLiteral("overlapSeconds"), 3600 } });
        QCOMPARE(once.status, 200);
        const QString second = once.json().value(QStringLiteral("key")).toString();
        const QString overlapEnd = once.json().value(QStringLiteral("overlapEndsAt")).toString();

        // Refused: nothing changes, the message says until when.
        const HttpResult refused = admin(server, token, "POST", rotate);
        QCOMPARE(refused.status, 409);
        QCOMPARE(errorCode(refused), QStringLiteral("rotation_in_progress"));
        QVERIFY2(message(refused).contains(overlapEnd), refused.body.constData());
        QVERIFY(message(refused).contains(QStringLiteral("\"force\": true")));
        QVERIFY(fits(
            QStringLiteral("POST"), QStringLiteral("/v1/admin/api-keys/{id}/rotate"), refused));
        QCOMPARE(listSent(server, first).status, 200);
        QCOMPARE(listSent(server, second).status, 200);
        QCOMPARE(listed(server, token, id).value(QStringLiteral("overlapEndsAt")).toString(),
            overlapEnd);
        QCOMPARE(admin(server, token, "POST", rotate,
                     QJsonObject { { QStringLiteral("force"), QStringLiteral("yes") } })
                     .status,
            400);

        // Forced: the first key stops, the second has the new overlap, the third works.
        const HttpResult forced = admin(server, token, "POST", rotate,
            QJsonObject {
                { QStringLiteral("force"), true }, { QStringLiteral("overlapSeconds"), 600 } });
        QCOMPARE(forced.status, 200);
        const QString third = forced.json().value(QStringLiteral("key")).toString();
        QCOMPARE(listSent(server, first).status, 401);
        QCOMPARE(listSent(server, second).status, 200);
        QCOMPARE(listSent(server, third).status, 200);
        QVERIFY(forced.json().value(QStringLiteral("overlapEndsAt")).toString() < overlapEnd);

        // overlapSeconds 0 during an overlap: taken, and every old key stops.
        const HttpResult atOnce = admin(
            server, token, "POST", rotate, QJsonObject { { QStringLiteral("overlapSeconds"), 0 } });
        QCOMPARE(atOnce.status, 200);
        QCOMPARE(listSent(server, second).status, 401);
        QCOMPARE(listSent(server, third).status, 401);
        QCOMPARE(
            listSent(server, atOnce.json().value(QStringLiteral("key")).toString()).status, 200);
    }

    // The key list's ?limit= reads as the other lists': empty is the default, else 1..200.
    void keyListLimit()
    {
        ServerProcess server;
        const Started started = startWithDemoKey(server, options(QStringLiteral("sqlite")));
        QVERIFY2(started.ok(), qPrintable(started.error));
        const QString &token = started.admin;
        const auto status = [&](const QString &query) {
            QUrl url = server.url(QStringLiteral("/v1/admin/api-keys"));
            url.setQuery(query);
            return httpRequest("GET", url, {}, bearer(token)).status;
        };
        QCOMPARE(status(QStringLiteral("limit=")), 200);
        QCOMPARE(status(QStringLiteral("limit=200")), 200);
        QCOMPARE(status(QStringLiteral("limit=0")), 400);
        QCOMPARE(status(QStringLiteral("limit=201")), 400);
        QCOMPARE(status(QStringLiteral("limit=ten")), 400);
    }
};

QTEST_GUILESS_MAIN(TestApiKeyScopes)
#include "tst_apikey_scopes.moc"
