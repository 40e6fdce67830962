// The OpenAPI file and the server agree: every route the server registers is described, every
// described operation exists (with its access and, for sub-systems, its key scope), and the
// answers fit the schemas the file gives.
#include "app/apiserver.h"
#include "openapidocument.h"
#include "testhttp.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;
using namespace tessera::test;

class TestOpenApi : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ApiServer> m_server;
    std::optional<OpenApiDocument> m_document;

    // Calls the server and checks the answer against the file's schema for its status.
    // documentedUnder: the operation whose responses describe this answer (a 405 to POST on a
    // GET-only path is described under GET).
    void checkAnswer(const QByteArray &method, const QString &path, int expectedStatus,
        const QByteArray &documentedUnder = {})
    {
        const HttpResult result = httpRequest(method, m_server->url().resolved(QUrl(path)));
        QCOMPARE(result.status, expectedStatus);
        QString error;
        const QByteArray operation = documentedUnder.isEmpty() ? method : documentedUnder;
        const auto schema =
            m_document->responseSchema(QString::fromLatin1(operation), path, result.status, &error);
        QVERIFY2(schema, qPrintable(error));
        QJsonParseError parseError;
        const QJsonDocument body = QJsonDocument::fromJson(result.body, &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, result.body.constData());
        const QStringList problems = m_document->validate(body.object(), *schema);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        m_document = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(m_document, qPrintable(error));
        ServerConfig config;
        config.dataDir = m_dir.path();
        config.listenPort = 0;
        config.demo = true;
        config.passwordHashCost = PasswordHasher::Cost::Minimum;
        m_server = std::make_unique<ApiServer>(config);
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    void everyRouteIsDescribed()
    {
        QVERIFY(!m_server->routes().routes().isEmpty());
        for (const RouteTable::Route &route : m_server->routes().routes()) {
            const QString method = RouteTable::methodName(route.method);
            const auto operation = m_document->operation(method, route.path);
            QVERIFY2(operation,
                qPrintable(QStringLiteral("%1 %2 is registered but not in openapi.json")
                               .arg(method, route.path)));
            QCOMPARE(operation->object.value(QStringLiteral("x-tessera-access")).toString(),
                RouteTable::accessName(route.access));
            // A sub-system's route names the one scope a key needs; no other route names one.
            QCOMPARE(operation->object.value(QStringLiteral("x-tessera-scope")).toString(),
                route.scope ? apiscope::name(*route.scope) : QString());
            QCOMPARE(route.scope.has_value(), route.access == Access::Subsystem);
            QVERIFY(!operation->object.value(QStringLiteral("operationId")).toString().isEmpty());
        }
    }

    void everyDescribedOperationExists()
    {
        for (const OpenApiDocument::Operation &operation : m_document->operations()) {
            const auto &routes = m_server->routes().routes();
            const bool registered =
                std::any_of(routes.cbegin(), routes.cend(), [&](const auto &route) {
                    return route.path == operation.path
                        && RouteTable::methodName(route.method) == operation.method;
                });
            QVERIFY2(registered,
                qPrintable(QStringLiteral("%1 %2 is described but not registered")
                               .arg(operation.method, operation.path)));
        }
    }

    void answersFitTheSchemas()
    {
        checkAnswer("GET", QStringLiteral("/v1/health"), 200);
        checkAnswer("POST", QStringLiteral("/v1/health"), 405, "GET");
    }

    void validatorCatchesMismatches()
    {
        // The schema check itself must be able to fail, or the test above proves nothing.
        QString error;
        const auto schema = m_document->responseSchema(
            QStringLiteral("GET"), QStringLiteral("/v1/health"), 200, &error);
        QVERIFY2(schema, qPrintable(error));
        const auto parse = [](const char *json) { return QJsonDocument::fromJson(json).object(); };
        QVERIFY(
            m_document
                ->validate(
                    parse("{\"status\":\"ok\",\"version\":\"1\",\"database\":\"sqlite\"}"), *schema)
                .isEmpty());
        QVERIFY(!m_document->validate(parse("{\"status\":\"ok\",\"version\":\"1\"}"), *schema)
                     .isEmpty());
        QVERIFY(!m_document
                     ->validate(parse("{\"status\":\"ok\",\"version\":1,\"database\":\"sqlite\"}"),
                         *schema)
                     .isEmpty());
        QVERIFY(
            !m_document
                 ->validate(
                     parse("{\"status\":\"ok\",\"version\":\"1\",\"database\":\"mysql\"}"), *schema)
                 .isEmpty());
        QVERIFY(!m_document
                     ->validate(parse("{\"status\":\"ok\",\"version\":\"1\",\"database\":"
                                      "\"sqlite\",\"extra\":1}"),
                         *schema)
                     .isEmpty());
        QVERIFY(!m_document->responseSchema(
            QStringLiteral("GET"), QStringLiteral("/v1/health"), 418, &error));
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
