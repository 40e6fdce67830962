#include "net/serverendpoint.h"

#include <QTest>

using namespace tessera;

class TestServerEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("allowPlain");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("resolvedHealth");
        QTest::newRow("https") << QStringLiteral("https://tessera.example.com") << false << true
                               << QStringLiteral("https://tessera.example.com/v1/health");
        QTest::newRow("https port and prefix")
            << QStringLiteral("https://example.com:8443/api/") << false << true
            << QStringLiteral("https://example.com:8443/api/v1/health");
        QTest::newRow("http loopback with opt-in")
            << QStringLiteral("http://127.0.0.1:8080") << true << true
            << QStringLiteral("http://127.0.0.1:8080/v1/health");
        QTest::newRow("http localhost with opt-in")
            << QStringLiteral("http://localhost:8080") << true << true
            << QStringLiteral("http://localhost:8080/v1/health");
        QTest::newRow("http ipv6 loopback with opt-in") << QStringLiteral(
            "http://[::1]:8080") << true << true << QStringLiteral("http://[::1]:8080/v1/health");
        QTest::newRow("http loopback without opt-in")
            << QStringLiteral("http://127.0.0.1:8080") << false << false << QString();
        QTest::newRow("http elsewhere even with opt-in")
            << QStringLiteral("http://10.1.2.3:8080") << true << false << QString();
        QTest::newRow("loopback look-alike host")
            << QStringLiteral("http://127.0.0.1.example.com") << true << false << QString();
        QTest::newRow("ftp") << QStringLiteral("ftp://example.com") << true << false << QString();
        QTest::newRow("empty") << QString() << true << false << QString();
        QTest::newRow("no host") << QStringLiteral("https://") << true << false << QString();
        QTest::newRow("user info")
            << QStringLiteral("https://a:b@example.com") << true << false << QString();
        QTest::newRow("query") << QStringLiteral("https://example.com/?x=1") << true << false
                               << QString();
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, allowPlain);
        QFETCH(bool, accepted);
        QFETCH(QString, resolvedHealth);
        QString error;
        const auto endpoint = ServerEndpoint::parse(text,
            allowPlain ? ServerEndpoint::PlainHttp::AllowOnLoopback
                       : ServerEndpoint::PlainHttp::Refuse,
            &error);
        QCOMPARE(endpoint.has_value(), accepted);
        if (accepted) {
            QCOMPARE(endpoint->resolve(QStringLiteral("/v1/health")).toString(), resolvedHealth);
        } else {
            QVERIFY2(!error.isEmpty(), "a refusal says why");
        }
    }

    void resolveKeepsTheQuery()
    {
        const auto endpoint =
            ServerEndpoint::parse(QStringLiteral("https://tessera.example.com/base"),
                ServerEndpoint::PlainHttp::Refuse, nullptr);
        QVERIFY(endpoint);
        const QUrl url = endpoint->resolve(QStringLiteral("/v1/inbox?since=12&limit=100"));
        QCOMPARE(url.path(), QStringLiteral("/base/v1/inbox"));
        QCOMPARE(url.query(), QStringLiteral("since=12&limit=100"));
        QCOMPARE(url.toString(),
            QStringLiteral("https://tessera.example.com/base/v1/inbox?since=12&limit=100"));
    }

    void refusalNamesTheOptIn()
    {
        QString error;
        QVERIFY(!ServerEndpoint::parse(
            QStringLiteral("http://127.0.0.1:1"), ServerEndpoint::PlainHttp::Refuse, &error));
        QVERIFY2(error.contains(QStringLiteral("--allow-plain-http")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestServerEndpoint)
#include "tst_serverendpoint.moc"
