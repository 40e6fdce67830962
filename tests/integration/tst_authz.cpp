// The authorization matrix: every operation in server/openapi.json (which tst_openapi keeps equal
// to the server's routes) called as anonymous, employee, non-employee, scanner, admin and a
// sub-system (API key) against
// the real server, and as an API key that holds only notifications:read. Each operation's expected
// access (and a sub-system operation's key scope) is written here, independently of the server's
// route table, so that a route declared with the wrong access or scope fails, and a new route
// fails until someone decides who may call it.
#include "demoaccounts.h"
#include "openapidocument.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace tessera::test;

namespace {

struct Caller
{
    QString name;
    QString displayName; // the demo person; empty for anonymous
    QString userType;
    QStringList roles;
    QStringList scopes = {}; // an API key's; empty: every scope (the demo key)
};

// Who may call what, by operation. Keep in step with docs/IDENTITY.md and openapi.json.
const QMap<QString, QString> &expectedAccess()
{
    static const QMap<QString, QString> table {
        { QStringLiteral("GET /v1/health"), QStringLiteral("public") },
        { QStringLiteral("POST /v1/auth/login"), QStringLiteral("public") },
        { QStringLiteral("POST /v1/auth/password"), QStringLiteral("public") },
        { QStringLiteral("POST /v1/auth/refresh"), QStringLiteral("public") },
        { QStringLiteral("POST /v1/auth/logout"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/me"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/me/devices"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/admin/local-users"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/admin/users/{id}/disabled"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/admin/local-users/{id}/reset-password"),
            QStringLiteral("admin") },
        { QStringLiteral("PUT /v1/admin/users/{id}/roles"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/admin/api-keys"), QStringLiteral("admin") },
        { QStringLiteral("GET /v1/admin/api-keys"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/admin/api-keys/{id}/rotate"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/admin/api-keys/{id}/revoke"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/admin/api-keys/{id}/scopes"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/admin/people/sync"), QStringLiteral("admin") },
        { QStringLiteral("GET /v1/stream"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/pass"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/trust"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/revocations"), QStringLiteral("scanner") },
        { QStringLiteral("GET /v1/check-processes"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/scans"), QStringLiteral("scanner") },
        { QStringLiteral("POST /v1/admin/passes/{id}/revoke"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/admin/users/{id}/devices/{device}/revoke"),
            QStringLiteral("admin") },
        { QStringLiteral("PUT /v1/admin/users/{id}/statuses/{claim}"), QStringLiteral("admin") },
        { QStringLiteral("PUT /v1/admin/check-processes/{name}"), QStringLiteral("admin") },
        // Attestations.
        { QStringLiteral("PUT /v1/admin/check-processes/{name}/attestation"),
            QStringLiteral("admin") },
        { QStringLiteral("PUT /v1/admin/attestations/form"), QStringLiteral("admin") },
        { QStringLiteral("GET /v1/attestations/form"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/attestations"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/attestations"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/attestations/today"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/admin/issuer-keys/rotate"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/notifications"), QStringLiteral("subsystem") },
        { QStringLiteral("DELETE /v1/notifications/{id}"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/notifications/{id}/deliveries"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/subsystem/deliveries"), QStringLiteral("subsystem") },
        { QStringLiteral("POST /v1/subsystem/deliveries/{id}/redeliver"),
            QStringLiteral("subsystem") },
        { QStringLiteral("POST /v1/subsystem/ping"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/notifications"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/notifications/{id}"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/subsystem/events"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/inbox"), QStringLiteral("employee") },
        { QStringLiteral("GET /v1/inbox/{id}"), QStringLiteral("employee") },
        { QStringLiteral("POST /v1/inbox/{id}/read"), QStringLiteral("employee") },
        { QStringLiteral("POST /v1/inbox/{id}/decision"), QStringLiteral("employee") },
        { QStringLiteral("PUT /v1/subsystem/cards/{cardId}"), QStringLiteral("subsystem") },
        { QStringLiteral("DELETE /v1/subsystem/cards/{cardId}"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/subsystem/cards"), QStringLiteral("subsystem") },
        { QStringLiteral("POST /v1/admin/api-keys/{id}/card-hosts"), QStringLiteral("admin") },
        { QStringLiteral("GET /v1/cards"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/subsystem/media"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/media/{id}"), QStringLiteral("signedIn") },
        { QStringLiteral("PUT /v1/subsystem/services/{serviceId}"), QStringLiteral("subsystem") },
        { QStringLiteral("DELETE /v1/subsystem/services/{serviceId}"),
            QStringLiteral("subsystem") },
        { QStringLiteral("POST /v1/subsystem/submissions/{id}/status"),
            QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/subsystem/submissions"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/services"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/services/{id}/submissions"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/submissions"), QStringLiteral("signedIn") },
        { QStringLiteral("PUT /v1/subsystem/news/{postId}"), QStringLiteral("subsystem") },
        { QStringLiteral("DELETE /v1/subsystem/news/{postId}"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/subsystem/news/{postId}/stats"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/news"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/news/read"), QStringLiteral("signedIn") },
        { QStringLiteral("PUT /v1/news/posts/{postId}"), QStringLiteral("publisher") },
        { QStringLiteral("DELETE /v1/news/posts/{postId}"), QStringLiteral("publisher") },
        { QStringLiteral("GET /v1/news/posts/{postId}/stats"), QStringLiteral("publisher") },
        { QStringLiteral("POST /v1/news/media"), QStringLiteral("publisher") },
        { QStringLiteral("PUT /v1/subsystem/events/{eventId}"), QStringLiteral("subsystem") },
        { QStringLiteral("DELETE /v1/subsystem/events/{eventId}"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/subsystem/events/{eventId}/attendees"),
            QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/events"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/events/{id}"), QStringLiteral("signedIn") },
        { QStringLiteral("PUT /v1/events/{id}/rsvp"), QStringLiteral("signedIn") },
        { QStringLiteral("PUT /v1/subsystem/surveys/{surveyId}"), QStringLiteral("subsystem") },
        { QStringLiteral("DELETE /v1/subsystem/surveys/{surveyId}"), QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/subsystem/surveys/{surveyId}/results"),
            QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/subsystem/surveys/{surveyId}/results.csv"),
            QStringLiteral("subsystem") },
        { QStringLiteral("GET /v1/surveys"), QStringLiteral("signedIn") },
        { QStringLiteral("PUT /v1/surveys/{id}/answer"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/privacy/export"), QStringLiteral("signedIn") },
        { QStringLiteral("DELETE /v1/me/devices/{deviceId}"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/health-records"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/health-records"), QStringLiteral("signedIn") },
        { QStringLiteral("PUT /v1/health-records/{id}/certificate"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/health-records/{id}/certificate"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/medical/pending"), QStringLiteral("medical") },
        { QStringLiteral("POST /v1/medical/records/{id}/verify"), QStringLiteral("medical") },
        { QStringLiteral("POST /v1/medical/records/{id}/reject"), QStringLiteral("medical") },
        { QStringLiteral("GET /v1/medical/reports"), QStringLiteral("medical") },
        { QStringLiteral("GET /v1/admin/health-reports"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/privacy/requests"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/privacy/requests"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/me/deletion"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/analytics/settings"), QStringLiteral("signedIn") },
        { QStringLiteral("POST /v1/analytics/events"), QStringLiteral("signedIn") },
        { QStringLiteral("DELETE /v1/analytics/installations/{id}"), QStringLiteral("signedIn") },
        { QStringLiteral("GET /v1/admin/analytics"), QStringLiteral("admin") },
        { QStringLiteral("POST /v1/me/push"), QStringLiteral("signedIn") },
        { QStringLiteral("DELETE /v1/me/push"), QStringLiteral("signedIn") },
    };
    return table;
}

// The scope an API key needs, by sub-system operation.
const QMap<QString, QString> &expectedScope()
{
    static const QMap<QString, QString> table {
        { QStringLiteral("POST /v1/notifications"), QStringLiteral("notifications:write") },
        { QStringLiteral("DELETE /v1/notifications/{id}"), QStringLiteral("notifications:write") },
        { QStringLiteral("GET /v1/notifications"), QStringLiteral("notifications:read") },
        { QStringLiteral("GET /v1/notifications/{id}"), QStringLiteral("notifications:read") },
        { QStringLiteral("GET /v1/notifications/{id}/deliveries"),
            QStringLiteral("notifications:read") },
        { QStringLiteral("GET /v1/subsystem/events"), QStringLiteral("events:read") },
        { QStringLiteral("GET /v1/subsystem/deliveries"), QStringLiteral("deliveries:read") },
        { QStringLiteral("POST /v1/subsystem/deliveries/{id}/redeliver"),
            QStringLiteral("deliveries:write") },
        { QStringLiteral("POST /v1/subsystem/ping"), QStringLiteral("deliveries:write") },
        { QStringLiteral("PUT /v1/subsystem/cards/{cardId}"), QStringLiteral("cards:write") },
        { QStringLiteral("DELETE /v1/subsystem/cards/{cardId}"), QStringLiteral("cards:write") },
        { QStringLiteral("GET /v1/subsystem/cards"), QStringLiteral("cards:write") },
        { QStringLiteral("POST /v1/subsystem/media"), QStringLiteral("cards:write") },
        { QStringLiteral("PUT /v1/subsystem/services/{serviceId}"),
            QStringLiteral("services:write") },
        { QStringLiteral("DELETE /v1/subsystem/services/{serviceId}"),
            QStringLiteral("services:write") },
        { QStringLiteral("POST /v1/subsystem/submissions/{id}/status"),
            QStringLiteral("services:write") },
        { QStringLiteral("GET /v1/subsystem/submissions"), QStringLiteral("submissions:read") },
        { QStringLiteral("PUT /v1/subsystem/news/{postId}"), QStringLiteral("news:write") },
        { QStringLiteral("DELETE /v1/subsystem/news/{postId}"), QStringLiteral("news:write") },
        { QStringLiteral("GET /v1/subsystem/news/{postId}/stats"), QStringLiteral("news:write") },
        { QStringLiteral("PUT /v1/subsystem/events/{eventId}"), QStringLiteral("events:write") },
        { QStringLiteral("DELETE /v1/subsystem/events/{eventId}"), QStringLiteral("events:write") },
        { QStringLiteral("GET /v1/subsystem/events/{eventId}/attendees"),
            QStringLiteral("events:write") },
        { QStringLiteral("PUT /v1/subsystem/surveys/{surveyId}"), QStringLiteral("surveys:write") },
        { QStringLiteral("DELETE /v1/subsystem/surveys/{surveyId}"),
            QStringLiteral("surveys:write") },
        { QStringLiteral("GET /v1/subsystem/surveys/{surveyId}/results"),
            QStringLiteral("surveys:write") },
        { QStringLiteral("GET /v1/subsystem/surveys/{surveyId}/results.csv"),
            QStringLiteral("surveys:write") },
    };
    return table;
}

bool isApiKey(const Caller &caller)
{
    return caller.name.startsWith(QLatin1String("subsystem"));
}

bool mayCall(const QString &access, const QString &scope, const Caller &caller)
{
    if (access == QLatin1String("public"))
        return true;
    if (caller.displayName.isEmpty())
        return false;
    // API keys call sub-system endpoints only, and people never do.
    if ((access == QLatin1String("subsystem")) != isApiKey(caller))
        return false;
    if (access == QLatin1String("subsystem"))
        return caller.scopes.isEmpty() || caller.scopes.contains(scope);
    if (access == QLatin1String("signedIn"))
        return true;
    if (access == QLatin1String("employee"))
        return caller.userType == QLatin1String("employee");
    return caller.roles.contains(access); // manager, scanner, publisher, admin, medical
}

} // namespace

class TestAuthz : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::optional<OpenApiDocument> m_api;
    QList<Caller> m_callers;
    int m_devices = 0;
    QString m_readOnlyKey; // holds notifications:read only

    QString signIn(const Caller &caller)
    {
        if (caller.name == QLatin1String("subsystem"))
            return demoApiKey(m_server).value(QStringLiteral("key")).toString();
        if (isApiKey(caller))
            return m_readOnlyKey;
        return signInDemo(m_server, caller.displayName,
            testDevice(QStringLiteral("authz-device-%1").arg(++m_devices)))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        QString error;
        m_api = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(m_api.has_value(), qPrintable(error));
        m_callers = {
            { QStringLiteral("anonymous"), {}, {}, {} },
            { QStringLiteral("employee"), QStringLiteral("Asha Rao"), QStringLiteral("employee"),
                { QStringLiteral("manager") } },
            { QStringLiteral("non-employee"), QStringLiteral("Mira Nurse"),
                QStringLiteral("non_employee"), { QStringLiteral("medical") } },
            { QStringLiteral("scanner"), QStringLiteral("Sam Guard"),
                QStringLiteral("non_employee"), { QStringLiteral("scanner") } },
            { QStringLiteral("admin"), QStringLiteral("Tessera Admin"),
                QStringLiteral("non_employee"),
                { QStringLiteral("admin"), QStringLiteral("publisher") } },
            { QStringLiteral("subsystem"), QStringLiteral("demo-hr"), {}, {} },
            { QStringLiteral("subsystem-read-only"), QStringLiteral("read-only"), {}, {},
                { QStringLiteral("notifications:read") } },
        };
        const HttpResult made =
            httpRequest("POST", m_server.url(QStringLiteral("/v1/admin/api-keys")),
                QJsonDocument(
                    QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("read-only") },
                        { QStringLiteral("scopes"),
                            QJsonArray { QStringLiteral("notifications:read") } } })
                    .toJson(QJsonDocument::Compact),
                { { QByteArrayLiteral("Authorization"),
                    "Bearer " + signIn(m_callers.at(4)).toLatin1() } });
        QCOMPARE(made.status, 201);
        m_readOnlyKey = made.json().value(QStringLiteral("key")).toString();
        QVERIFY(m_readOnlyKey.startsWith(QStringLiteral("tsk_")));
    }

    void everyOperationHasAnExpectation()
    {
        for (const OpenApiDocument::Operation &operation : m_api->operations()) {
            const QString key = operation.method + QLatin1Char(' ') + operation.path;
            QVERIFY2(expectedAccess().contains(key),
                qPrintable(key + QStringLiteral(": add it to the matrix's expected access")));
            QCOMPARE(operation.object.value(QStringLiteral("x-tessera-access")).toString(),
                expectedAccess().value(key));
            QCOMPARE(operation.object.value(QStringLiteral("x-tessera-scope")).toString(),
                expectedScope().value(key));
        }
    }

    void matrix_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("caller");
        for (const OpenApiDocument::Operation &operation : m_api->operations()) {
            for (int i = 0; i < m_callers.size(); ++i) {
                QTest::addRow("%s %s as %s", qPrintable(operation.method),
                    qPrintable(operation.path), qPrintable(m_callers.at(i).name))
                    << operation.method << operation.path << i;
            }
        }
    }

    void matrix()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(int, caller);
        const Caller &who = m_callers.at(caller);
        const QString access = expectedAccess().value(method + QLatin1Char(' ') + path);
        const QString scope = expectedScope().value(method + QLatin1Char(' ') + path);
        QVERIFY(!access.isEmpty());

        QList<QPair<QByteArray, QByteArray>> headers { { QByteArrayLiteral("Idempotency-Key"),
            QByteArrayLiteral("matrix-") + QByteArray::number(++m_devices) } };
        if (!who.displayName.isEmpty()) {
            // A fresh sign-in for every call: some calls (sign-out) end the session they use.
            const QString token = signIn(who);
            QVERIFY2(!token.isEmpty(), qPrintable(who.name + QStringLiteral(" cannot sign in")));
            headers.append({ QByteArrayLiteral("Authorization"), "Bearer " + token.toLatin1() });
        }
        QString concrete = path;
        concrete.replace(QRegularExpression(QStringLiteral("\\{[^}]+\\}")), QStringLiteral("x1"));
        const QByteArray body =
            method == QLatin1String("GET") ? QByteArray() : QByteArrayLiteral("{}");
        const HttpResult result =
            httpRequest(method.toLatin1(), m_server.url(concrete), body, headers);
        QVERIFY2(result.status != 0, qPrintable(result.error));
        const QString code = result.json()
                                 .value(QStringLiteral("error"))
                                 .toObject()
                                 .value(QStringLiteral("code"))
                                 .toString();
        if (mayCall(access, scope, who)) {
            QVERIFY2(result.status != 401 && result.status != 403,
                qPrintable(QStringLiteral("%1 was refused (%2 %3)")
                               .arg(who.name)
                               .arg(result.status)
                               .arg(code)));
            QVERIFY(result.status < 500);
        } else if (who.displayName.isEmpty()) {
            QCOMPARE(result.status, 401);
            QCOMPARE(code, QStringLiteral("authentication_required"));
        } else if (isApiKey(who) && access == QLatin1String("subsystem")) {
            // The key, but not its scope: told which scope, in the body and the header.
            QCOMPARE(result.status, 403);
            QCOMPARE(code, QStringLiteral("insufficient_scope"));
            QCOMPARE(result.header("WWW-Authenticate"),
                "Bearer error=\"insufficient_scope\", scope=\"" + scope.toLatin1() + '"');
        } else {
            QCOMPARE(result.status, 403);
            QCOMPARE(code, QStringLiteral("forbidden"));
        }
    }

    void refusedCallsChangeNothing()
    {
        // A non-admin's attempt to create a local ID with a valid body creates nobody.
        const Caller &nurse = m_callers.at(2);
        const QByteArray body = QJsonDocument(
            QJsonObject { { QStringLiteral("displayName"), QStringLiteral("Should Not Exist") },
                { QStringLiteral("roles"), QJsonArray { QStringLiteral("admin") } } })
                                    .toJson(QJsonDocument::Compact);
        const HttpResult refused =
            httpRequest("POST", m_server.url(QStringLiteral("/v1/admin/local-users")), body,
                { { QByteArrayLiteral("Authorization"), "Bearer " + signIn(nurse).toLatin1() } });
        QCOMPARE(refused.status, 403);
        QVERIFY(!refused.body.contains("userId"));
        // A forged or stale token is no token.
        const HttpResult forged = httpRequest("GET", m_server.url(QStringLiteral("/v1/me")), {},
            { { QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer tsa_forged") } });
        QCOMPARE(forged.status, 401);
        QCOMPARE(forged.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("invalid_token"));
        QVERIFY(forged.header("WWW-Authenticate").startsWith("Bearer"));
    }
};

QTEST_GUILESS_MAIN(TestAuthz)
#include "tst_authz.moc"
