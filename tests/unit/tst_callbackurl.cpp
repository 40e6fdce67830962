// Callback URLs against their API key's prefixes (server/src/subsystems/callbackurl.h):
// dot segments, percent-encoded or not, never lead out of a prefix; user info, fragments,
// port 0 and encoded slashes are refused; the URL kept (and POSTed to) is the normalized one.
#include "subsystems/callbackurl.h"

#include <QTest>

using namespace tessera::server;

class TestCallbackUrl : public QObject
{
    Q_OBJECT

    static bool under(const QString &url, const QString &prefix)
    {
        const auto parsedUrl = CallbackUrl::parse(url);
        const auto parsedPrefix = CallbackUrl::parse(prefix);
        return parsedUrl && parsedPrefix && parsedUrl->isUnder(*parsedPrefix);
    }

private Q_SLOTS:
    void dotSegmentsDoNotEscapeThePrefix_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("normalized");
        const QString base = QStringLiteral("http://127.0.0.1:18801");
        const QString admin = base + QStringLiteral("/admin");
        QTest::newRow("..") << base + QStringLiteral("/hooks/../admin") << admin;
        QTest::newRow("%2e%2e") << base + QStringLiteral("/hooks/%2e%2e/admin") << admin;
        QTest::newRow("%2E%2E") << base + QStringLiteral("/hooks/%2E%2E/admin") << admin;
        QTest::newRow(".%2e") << base + QStringLiteral("/hooks/.%2e/admin") << admin;
        QTest::newRow("./..") << base + QStringLiteral("/hooks/./../admin") << admin;
        QTest::newRow("%2e/..") << base + QStringLiteral("/hooks/%2e/../admin") << admin;
        QTest::newRow("//hooks/..")
            << base + QStringLiteral("//hooks/../admin") << base + QStringLiteral("//admin");
        QTest::newRow("//hooks") << base + QStringLiteral("//hooks/x")
                                 << base + QStringLiteral("//hooks/x");
        QTest::newRow("deeper ..") << base + QStringLiteral("/hooks/a/../../admin") << admin;
        QTest::newRow("ends in ..")
            << base + QStringLiteral("/hooks/..") << base + QStringLiteral("/");
        QTest::newRow("above the root") << base + QStringLiteral("/../../admin") << admin;
    }
    void dotSegmentsDoNotEscapeThePrefix()
    {
        QFETCH(QString, url);
        QFETCH(QString, normalized);
        const auto parsed = CallbackUrl::parse(url);
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->toString(), normalized);
        QVERIFY(!under(url, QStringLiteral("http://127.0.0.1:18801/hooks")));
        QVERIFY(!under(url, QStringLiteral("http://127.0.0.1:18801/hooks/")));
    }

    void dotSegmentsInsideThePrefixAreResolved_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("normalized");
        const QString base = QStringLiteral("http://127.0.0.1:18801");
        QTest::newRow("plain") << base + QStringLiteral("/hooks/hr")
                               << base + QStringLiteral("/hooks/hr");
        QTest::newRow("the prefix itself")
            << base + QStringLiteral("/hooks") << base + QStringLiteral("/hooks");
        QTest::newRow("trailing slash")
            << base + QStringLiteral("/hooks/") << base + QStringLiteral("/hooks/");
        QTest::newRow("back inside")
            << base + QStringLiteral("/hooks/a/../hr") << base + QStringLiteral("/hooks/hr");
        QTest::newRow("encoded back inside") << base + QStringLiteral("/hooks/a/%2E%2e/hr?x=1")
                                             << base + QStringLiteral("/hooks/hr?x=1");
        QTest::newRow("out and in again")
            << base + QStringLiteral("/admin/../hooks/hr") << base + QStringLiteral("/hooks/hr");
        QTest::newRow("ends in .")
            << base + QStringLiteral("/hooks/hr/.") << base + QStringLiteral("/hooks/hr/");
        QTest::newRow("upper-case scheme and host") << QStringLiteral(
            "HTTP://LOCALHOST:18801/hooks/x") << QStringLiteral("http://localhost:18801/hooks/x");
    }
    void dotSegmentsInsideThePrefixAreResolved()
    {
        QFETCH(QString, url);
        QFETCH(QString, normalized);
        const auto parsed = CallbackUrl::parse(url);
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->toString(), normalized);
        const QString host = url.contains(QStringLiteral("LOCALHOST"))
            ? QStringLiteral("http://localhost:18801/hooks")
            : QStringLiteral("http://127.0.0.1:18801/hooks");
        QVERIFY(under(url, host));
        // What is POSTed to is under the prefix by itself, parsed again.
        QVERIFY(under(parsed->toString(), host));
    }

    void partsAreComparedParsed_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<bool>("under");
        QTest::newRow("look-alike host") << QStringLiteral("http://127.0.0.1.example.com/hooks")
                                         << QStringLiteral("http://127.0.0.1") << false;
        QTest::newRow("longer segment") << QStringLiteral("http://127.0.0.1/hooksx")
                                        << QStringLiteral("http://127.0.0.1/hooks") << false;
        QTest::newRow("other scheme") << QStringLiteral("https://127.0.0.1/hooks")
                                      << QStringLiteral("http://127.0.0.1/hooks") << false;
        QTest::newRow("other port") << QStringLiteral("http://127.0.0.1:18802/hooks")
                                    << QStringLiteral("http://127.0.0.1:18801/hooks") << false;
        QTest::newRow("default port written") << QStringLiteral("http://127.0.0.1:80/hooks")
                                              << QStringLiteral("http://127.0.0.1:80/") << true;
        QTest::newRow("default port implied") << QStringLiteral("http://127.0.0.1/hooks")
                                              << QStringLiteral("http://127.0.0.1:80/") << true;
        QTest::newRow("prefix without port") << QStringLiteral("http://127.0.0.1:9/hooks")
                                             << QStringLiteral("http://127.0.0.1") << true;
        QTest::newRow("encoded letters") << QStringLiteral("http://127.0.0.1/%68ooks/x")
                                         << QStringLiteral("http://127.0.0.1/hooks") << true;
        QTest::newRow("empty first segment") << QStringLiteral("http://127.0.0.1//hooks/x")
                                             << QStringLiteral("http://127.0.0.1/hooks") << false;
        QTest::newRow("root prefix") << QStringLiteral("http://127.0.0.1/anything")
                                     << QStringLiteral("http://127.0.0.1/") << true;
        QTest::newRow("IPv6") << QStringLiteral("http://[::1]:18801/hooks/x")
                              << QStringLiteral("http://[::1]:18801/hooks") << true;
    }
    void partsAreComparedParsed()
    {
        QFETCH(QString, url);
        QFETCH(QString, prefix);
        QFETCH(bool, under);
        QCOMPARE(TestCallbackUrl::under(url, prefix), under);
    }

    void doubtfulUrlsAreRefused_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("reason");
        QTest::newRow("user info")
            << QStringLiteral("http://evil@127.0.0.1:18801/hooks") << QStringLiteral("user name");
        QTest::newRow("user and password")
            << QStringLiteral("http://a:b@127.0.0.1:18801/hooks") << QStringLiteral("user name");
        QTest::newRow("empty user info")
            << QStringLiteral("http://@127.0.0.1:18801/hooks") << QStringLiteral("user name");
        QTest::newRow("fragment") << QStringLiteral("http://127.0.0.1:18801/hooks#x")
                                  << QStringLiteral("fragment");
        QTest::newRow("empty fragment")
            << QStringLiteral("http://127.0.0.1:18801/hooks#") << QStringLiteral("fragment");
        QTest::newRow("port 0") << QStringLiteral("http://127.0.0.1:0/hooks")
                                << QStringLiteral("port 0");
        QTest::newRow("encoded slash")
            << QStringLiteral("http://127.0.0.1:18801/hooks%2F..%2Fadmin")
            << QStringLiteral("encoded slash");
        QTest::newRow("encoded slash, lower case") << QStringLiteral(
            "http://127.0.0.1:18801/hooks/a%2fb") << QStringLiteral("encoded slash");
        QTest::newRow("encoded backslash")
            << QStringLiteral("http://127.0.0.1:18801/hooks/..%5Cadmin")
            << QStringLiteral("backslash");
        QTest::newRow("encoded NUL")
            << QStringLiteral("http://127.0.0.1:18801/hooks/a%00") << QStringLiteral("NUL");
        QTest::newRow("backslash") << QStringLiteral("http://127.0.0.1:18801/hooks\\..\\admin")
                                   << QStringLiteral("valid URL");
        QTest::newRow("dot segment with parameters")
            << QStringLiteral("http://127.0.0.1:18801/hooks/..;x/admin") << QStringLiteral("..;");
        QTest::newRow("other scheme")
            << QStringLiteral("ftp://127.0.0.1/hooks") << QStringLiteral("http or https");
        QTest::newRow("no host") << QStringLiteral("http:///hooks") << QStringLiteral("host");
        QTest::newRow("relative") << QStringLiteral("/hooks/x") << QStringLiteral("http or https");
        QTest::newRow("not a URL")
            << QStringLiteral("http://127.0.0.1:99999/") << QStringLiteral("valid URL");
    }
    void doubtfulUrlsAreRefused()
    {
        QFETCH(QString, url);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!CallbackUrl::parse(url, &error).has_value());
        QVERIFY2(error.contains(reason), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCallbackUrl)
#include "tst_callbackurl.moc"
