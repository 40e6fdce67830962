// Request-body, path and header fuzzing of every route of the real server (the hostile suite,
// docs/SECURITY.md). For each operation in server/openapi.json, called as someone who may call
// it, the test sends bodies built from the operation's request schema with each field replaced by
// hostile values (wrong types, markup, NUL, lone surrogates, huge numbers, 100 KB strings, far
// dates), whole bodies that are not what JSON readers expect, hostile path parameters and
// hostile headers on a raw socket. Every answer must be one the operation documents (or a front
// door refusal), never 5xx, and an error must be the JSON error shape; the server must stay up.
// Deterministic: the same requests every run; bounded: a few thousand requests.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "openapidocument.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

using namespace tessera::test;

namespace {

// Values that have broken JSON readers, SQL layers and text handling somewhere.
QList<QJsonValue> hostileValues()
{
    return {
        QJsonValue(QJsonValue::Null),
        QJsonValue(true),
        QJsonValue(0),
        QJsonValue(-1),
        QJsonValue(1e308),
        QJsonValue(9007199254740993.0),
        QJsonValue(QString()),
        QJsonValue(QStringLiteral(" ")),
        QJsonValue(QString(QChar(0)) + QStringLiteral("nul")),
        QJsonValue(QStringLiteral("<img src=\"http://127.0.0.1:9/x\">OK")),
        QJsonValue(QStringLiteral("' OR 1=1 --")),
        QJsonValue(QStringLiteral("../../../etc/passwd")),
        QJsonValue(QStringLiteral("\u202Eevil")),
        QJsonValue(QString(QChar(0xD800))), // a lone surrogate
        QJsonValue(QString(qsizetype(100) * 1024, QLatin1Char('A'))),
        QJsonValue(QStringLiteral("9999-12-31T23:59:59Z")),
        QJsonValue(QStringLiteral("1970-01-01T00:00:00Z")),
        QJsonValue(QJsonArray()),
        QJsonValue(QJsonArray { QJsonValue(QJsonValue::Null), 1, QStringLiteral("x") }),
        QJsonValue(QJsonObject()),
        QJsonValue(QJsonObject { { QStringLiteral("$ref"), QStringLiteral("#/x") } }),
    };
}

// Bodies that are not the object a reader expects.
QList<QByteArray> hostileBodies()
{
    return {
        QByteArray(),
        QByteArrayLiteral("{"),
        QByteArrayLiteral("[]"),
        QByteArrayLiteral("null"),
        QByteArrayLiteral("\"text\""),
        QByteArrayLiteral("{\"a\":1,\"a\":2}"),
        QByteArrayLiteral("\xff\xfe{\"x\":\"\xc3\x28\"}"),
        QByteArray(50000, '[') + QByteArray(50000, ']'),
        QByteArrayLiteral("{\"x\":") + QByteArray(20000, '[') + QByteArray(20000, ']')
            + QByteArrayLiteral("}"),
        QByteArrayLiteral("{\"x\":\"") + QByteArray(qsizetype(900) * 1024, 'x')
            + QByteArrayLiteral("\"}"),
    };
}

QStringList hostilePathParameters()
{
    return { QStringLiteral(".."), QStringLiteral("%2e%2e"), QStringLiteral("a%2Fb"),
        QStringLiteral("%00"), QStringLiteral("%F0%9F%98%80"), QStringLiteral("'%20OR%201=1"),
        QString(4000, QLatin1Char('x')) };
}

// A plausible value for a schema, so that one hostile field is not hidden behind another
// missing one.
QJsonValue plausible(const OpenApiDocument &api, QJsonObject schema)
{
    if (schema.contains(QStringLiteral("$ref"))) {
        const QStringList path = schema.value(QStringLiteral("$ref"))
                                     .toString()
                                     .mid(2)
                                     .split(QLatin1Char('/'), Qt::SkipEmptyParts);
        QJsonObject at = api.root();
        for (const QString &part : path)
            at = at.value(part).toObject();
        schema = at;
    }
    if (schema.contains(QStringLiteral("enum")))
        return schema.value(QStringLiteral("enum")).toArray().first();
    const QString type = schema.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("object")) {
        QJsonObject object;
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            object.insert(it.key(), plausible(api, it.value().toObject()));
        return object;
    }
    if (type == QLatin1String("array"))
        return QJsonArray { plausible(api, schema.value(QStringLiteral("items")).toObject()) };
    if (type == QLatin1String("integer") || type == QLatin1String("number"))
        return 1;
    if (type == QLatin1String("boolean"))
        return true;
    if (schema.value(QStringLiteral("format")).toString() == QLatin1String("date-time"))
        return QStringLiteral("2026-12-06T10:00:00Z");
    return QStringLiteral("x1");
}

// One request written as raw bytes (headers no client library would send); the answer's status,
// 0 when the server closed without one.
int rawRequest(const QUrl &base, const QByteArray &bytes)
{
    QTcpSocket socket;
    socket.connectToHost(base.host(), quint16(base.port()));
    if (!socket.waitForConnected(10000))
        return -1;
    socket.write(bytes);
    QByteArray answer;
    while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(15000))
        answer += socket.readAll();
    if (!answer.startsWith("HTTP/1."))
        return 0;
    return answer.mid(9, 3).toInt();
}

} // namespace

class TestHostileRoutes : public QObject
{
    Q_OBJECT

    PostgresCluster m_cluster;
    std::optional<OpenApiDocument> m_api;
    int m_requests = 0;

    // Checks one answer of operation; false (with a message) when it broke the contract.
    bool acceptable(
        const OpenApiDocument::Operation &operation, const HttpResult &result, const QString &what)
    {
        ++m_requests;
        const QString where = operation.method + QLatin1Char(' ') + operation.path
            + QStringLiteral(" with ") + what.left(120);
        if (result.status == 0) {
            qWarning().noquote() << where << "got no answer:" << result.error;
            return false;
        }
        if (result.status >= 500) {
            qWarning().noquote() << where << "answered" << result.status << result.body.left(300);
            return false;
        }
        // The front door may refuse any request before its route sees it.
        static const QList<int> frontDoor { 400, 404, 413, 429, 431 };
        const bool documented = operation.object.value(QStringLiteral("responses"))
                                    .toObject()
                                    .contains(QString::number(result.status));
        if (!documented && !frontDoor.contains(result.status)) {
            qWarning().noquote() << where << "answered" << result.status
                                 << "which openapi.json does not document:"
                                 << result.body.left(300);
            return false;
        }
        if (result.status >= 400 && errorCode(result).isEmpty()) {
            qWarning().noquote() << where << "answered" << result.status
                                 << "without a JSON error:" << result.body.left(300);
            return false;
        }
        if (result.body.contains("QSql") || result.body.contains("SQLITE")
            || result.body.contains("syntax error")) {
            qWarning().noquote() << where << "leaked database text:" << result.body.left(300);
            return false;
        }
        return true;
    }

    QList<QPair<QByteArray, QByteArray>> credentialsFor(
        ServerProcess &server, const QString &access, int *devices)
    {
        QList<QPair<QByteArray, QByteArray>> headers { { QByteArrayLiteral("Idempotency-Key"),
            QByteArrayLiteral("hostile-") + QByteArray::number(++*devices) } };
        QString token;
        if (access == QLatin1String("subsystem")) {
            token = demoApiKey(server).value(QStringLiteral("key")).toString();
        } else if (access != QLatin1String("public")) {
            const QString who = access == QLatin1String("admin") ? QStringLiteral("Tessera Admin")
                : access == QLatin1String("scanner")             ? QStringLiteral("Sam Guard")
                : access == QLatin1String("medical")             ? QStringLiteral("Mira Nurse")
                                                                 : QStringLiteral("Asha Rao");
            token = signInDemo(server, who, testDevice(QStringLiteral("hostile-%1").arg(*devices)))
                        .value(QStringLiteral("accessToken"))
                        .toString();
        }
        if (!token.isEmpty())
            headers.append({ QByteArrayLiteral("Authorization"), "Bearer " + token.toLatin1() });
        return headers;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
        QString error;
        m_api = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(m_api.has_value(), qPrintable(error));
    }

    void everyRouteSurvivesHostileInput_data() { addDatabaseKinds(); }

    void everyRouteSurvivesHostileInput()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        ServerProcess::Options options;
        options.database = databaseForKind(m_cluster, kind, QStringLiteral("hostile_routes"));
        // No per-key rate limit: thousands of requests should reach the handlers, not the 429.
        options.config = QJsonObject { { QStringLiteral("http"),
            QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 0 } } } };
        QVERIFY2(server.start(options), qPrintable(server.error()));

        // Sign-in routes last: their failures lock the test's address out of signing in.
        QList<OpenApiDocument::Operation> operations = m_api->operations();
        std::stable_partition(
            operations.begin(), operations.end(), [](const OpenApiDocument::Operation &operation) {
                return !operation.path.startsWith(QLatin1String("/v1/auth/"));
            });

        int devices = 0;
        int failures = 0;
        m_requests = 0;
        for (const OpenApiDocument::Operation &operation : std::as_const(operations)) {
            if (operation.path == QLatin1String("/v1/stream"))
                continue; // a WebSocket: tst_server_hostile and tst_auth_hostile attack it
            const QString access =
                operation.object.value(QStringLiteral("x-tessera-access")).toString();
            const auto headers = credentialsFor(server, access, &devices);
            const QByteArray method = operation.method.toLatin1();
            QString concrete = operation.path;
            concrete.replace(
                QRegularExpression(QStringLiteral("\\{[^}]+\\}")), QStringLiteral("x1"));
            const QUrl url = server.url(concrete);

            // Each field of the request schema, replaced by each hostile value.
            const QJsonObject schema = operation.object.value(QStringLiteral("requestBody"))
                                           .toObject()
                                           .value(QStringLiteral("content"))
                                           .toObject()
                                           .value(QStringLiteral("application/json"))
                                           .toObject()
                                           .value(QStringLiteral("schema"))
                                           .toObject();
            if (!schema.isEmpty()) {
                const QJsonObject base = plausible(*m_api, schema).toObject();
                for (const QString &field : base.keys()) {
                    for (const QJsonValue &value : hostileValues()) {
                        QJsonObject body = base;
                        body.insert(field, value);
                        const QByteArray bytes = compactJson(body);
                        if (!acceptable(operation, httpRequest(method, url, bytes, headers),
                                field + QStringLiteral("=") + QString::fromUtf8(bytes.left(60))))
                            ++failures;
                    }
                }
            }
            if (method != "GET") {
                for (const QByteArray &bytes : hostileBodies()) {
                    if (!acceptable(operation, httpRequest(method, url, bytes, headers),
                            QStringLiteral("body ") + QString::fromLatin1(bytes.left(40))))
                        ++failures;
                }
            }
            if (operation.path.contains(QLatin1Char('{'))) {
                for (const QString &parameter : hostilePathParameters()) {
                    QString path = operation.path;
                    path.replace(QRegularExpression(QStringLiteral("\\{[^}]+\\}")), parameter);
                    const QUrl hostileUrl(server.url().toString() + path, QUrl::StrictMode);
                    if (!hostileUrl.isValid())
                        continue;
                    if (!acceptable(operation,
                            httpRequest(method, hostileUrl,
                                method == "GET" ? QByteArray() : QByteArrayLiteral("{}"), headers),
                            QStringLiteral("path ") + path.left(80)))
                        ++failures;
                }
            }
        }
        QCOMPARE(failures, 0);

        // Headers no client library sends, on a raw socket: each gets an answer or a close, and
        // the server stays up.
        const QByteArray head = "GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        const QList<QByteArray> hostileHeads {
            head + "Authorization: Bearer " + QByteArray(8000, 'A') + "\r\n\r\n",
            head + "Authorization: Basic YTpi\r\n\r\n",
            head + "Authorization: Bearer\r\n\r\n",
            head + "Authorization: Bearer tsa_\x01\x02\r\n\r\n",
            head + "Authorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n",
            head + "Content-Length: -1\r\n\r\n",
            head + "Content-Length: 99999999999999999999\r\n\r\n",
            head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n",
            head + "X: " + QByteArray(12000, 'x') + "\r\n\r\n",
            QByteArrayLiteral("GET /v1/health HTTP/9.9\r\n\r\n"),
            QByteArrayLiteral("GET\r\n\r\n"),
            QByteArrayLiteral("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"),
            QByteArrayLiteral("POST /v1/notifications HTTP/1.1\r\nHost: x\r\n"
                              "Idempotency-Key: \x7f\r\nContent-Length: 2\r\n\r\n{}"),
        };
        for (const QByteArray &bytes : hostileHeads) {
            const int status = rawRequest(server.url(), bytes);
            QVERIFY2(status >= 0, "could not connect");
            QVERIFY2(status < 500,
                qPrintable(
                    QStringLiteral("%1 for %2")
                        .arg(status)
                        .arg(QString::fromLatin1(bytes.left(60).toPercentEncoding(" :/\r\n")))));
        }

        const HttpResult health = httpRequest("GET", server.url(QStringLiteral("/v1/health")));
        QCOMPARE(health.status, 200);
        QVERIFY(server.isRunning());
        // No hostile value reached the database as a failing statement.
        for (const QByteArray &line : server.output().split('\n')) {
            QVERIFY2(!(line.startsWith("tessera.storage:") && line.contains("failed")),
                line.left(300).constData());
        }
        qInfo("%d requests on %s, every answer within the contract", m_requests, qPrintable(kind));
    }

    void cleanupTestCase() { m_cluster.stop(); }
};

QTEST_GUILESS_MAIN(TestHostileRoutes)
#include "tst_hostile_routes.moc"
