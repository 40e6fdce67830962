// RFC 4515 escaping of LDAP filter values, and the sign-in refusals that never reach the
// directory.
#include "identity/directory.h"

#include <QTcpServer>
#include <QTest>

using namespace tessera::server;

class TestLdapEscape : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escape_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("escaped");

        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("plain") << QStringLiteral("asha.rao") << QStringLiteral("asha.rao");
        QTest::newRow("upn") << QStringLiteral("asha.rao@tessera.test")
                             << QStringLiteral("asha.rao@tessera.test");
        QTest::newRow("star") << QStringLiteral("*") << QStringLiteral("\\2a");
        QTest::newRow("prefix") << QStringLiteral("asha*") << QStringLiteral("asha\\2a");
        QTest::newRow("parentheses") << QStringLiteral("(x)") << QStringLiteral("\\28x\\29");
        QTest::newRow("injection")
            << QStringLiteral(")(uid=*") << QStringLiteral("\\29\\28uid=\\2a");
        QTest::newRow("or-injection") << QStringLiteral("*)(|(objectClass=*)")
                                      << QStringLiteral("\\2a\\29\\28|\\28objectClass=\\2a\\29");
        QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("a\\5cb");
        QTest::newRow("escaped-looking") << QStringLiteral("\\2a") << QStringLiteral("\\5c2a");
        QTest::newRow("nul") << QString(QChar(u'\0')) << QStringLiteral("\\00");
        QTest::newRow("nul-inside") << (QStringLiteral("a") + QChar(u'\0') + QStringLiteral("b"))
                                    << QStringLiteral("a\\00b");
        QTest::newRow("dn") << QStringLiteral("cn=Rao\\, Asha (Ops),ou=people,dc=tessera,dc=test")
                            << QStringLiteral(
                                   "cn=Rao\\5c, Asha \\28Ops\\29,ou=people,dc=tessera,dc=test");
        // Non-ASCII passes unchanged: the filter is sent as UTF-8.
        QTest::newRow("unicode") << QStringLiteral("zoë.ünal") << QStringLiteral("zoë.ünal");
        QTest::newRow("others-kept")
            << QStringLiteral("a=b&c|!~<>") << QStringLiteral("a=b&c|!~<>");
    }

    void escape()
    {
        QFETCH(QString, value);
        QFETCH(QString, escaped);
        QCOMPARE(ldapFilterEscape(value), escaped);
    }

    void escapedValueHasNoFilterSyntaxLeft()
    {
        QString everything;
        for (char16_t c = 0; c < 0x80; ++c)
            everything += QChar(c);
        const QString escaped = ldapFilterEscape(everything);
        // Every '\' starts one of the five escapes; no '(', ')', '*' or NUL remains.
        QVERIFY(!escaped.contains(u'('));
        QVERIFY(!escaped.contains(u')'));
        QVERIFY(!escaped.contains(u'*'));
        QVERIFY(!escaped.contains(QChar(u'\0')));
        QCOMPARE(escaped.count(u'\\'), 5);
        QCOMPARE(escaped.size(), everything.size() + 5 * 2);
    }

    // Refusals that must not reach the directory: a listening socket stands where the directory
    // would be, and nobody connects to it.
    void refusedWithoutContactingTheDirectory_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");

        QTest::newRow("empty password") << QStringLiteral("asha.rao") << QString();
        QTest::newRow("empty username") << QString() << QStringLiteral("secret");
        QTest::newRow("too long") << QString(257, u'a') << QStringLiteral("secret");
        QTest::newRow("newline") << QStringLiteral("asha\nrao") << QStringLiteral("secret");
        QTest::newRow("nul") << (QStringLiteral("asha") + QChar(u'\0')) << QStringLiteral("secret");
        QTest::newRow("delete") << (QStringLiteral("asha") + QChar(0x7f))
                                << QStringLiteral("secret");
        QTest::newRow("c1 control")
            << (QStringLiteral("asha") + QChar(0x85)) << QStringLiteral("secret");
    }

    void refusedWithoutContactingTheDirectory()
    {
        QFETCH(QString, username);
        QFETCH(QString, password);

        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        DirectoryConfig config;
        config.url = QUrl(QStringLiteral("ldap://127.0.0.1:%1").arg(listener.serverPort()));
        config.security = DirectoryConfig::Security::Plain;
        config.baseDn = QStringLiteral("dc=tessera,dc=test");
        config.bindDn = QStringLiteral("cn=service,dc=tessera,dc=test");
        config.bindPassword = QStringLiteral("service-secret");
        const Directory directory(config);

        const Directory::Result result = directory.authenticate(username, password);
        QCOMPARE(result.outcome, Directory::Outcome::InvalidCredentials);
        QVERIFY(!result.person);
        QVERIFY(!result.message.isEmpty());
        if (!password.isEmpty())
            QVERIFY(!result.message.contains(password));
        QVERIFY(!listener.waitForNewConnection(100));
        QVERIFY(!listener.hasPendingConnections());
    }

    void exactlyTheLongestUsernameIsAsked()
    {
        // 256 characters are asked about (and here, with no directory, Unavailable), 257 not.
        DirectoryConfig config;
        config.url = QUrl(QStringLiteral("ldap://127.0.0.1:1"));
        config.security = DirectoryConfig::Security::Plain;
        config.baseDn = QStringLiteral("dc=tessera,dc=test");
        config.bindDn = QStringLiteral("cn=service,dc=tessera,dc=test");
        config.bindPassword = QStringLiteral("service-secret");
        const Directory directory(config);
        QCOMPARE(directory.authenticate(QString(256, u'a'), QStringLiteral("pw")).outcome,
            Directory::Outcome::Unavailable);
        QCOMPARE(directory.authenticate(QString(257, u'a'), QStringLiteral("pw")).outcome,
            Directory::Outcome::InvalidCredentials);
    }
};

QTEST_GUILESS_MAIN(TestLdapEscape)
#include "tst_ldapescape.moc"
