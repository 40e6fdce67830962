// Directory (the server's LDAP/AD client) against a real OpenLDAP slapd: search-then-bind sign-in,
// what it reads, what it refuses, plain LDAP, StartTLS and LDAPS with a throwaway CA, a directory
// that is down or silent, and many sign-ins at once.
#include "directoryfixture.h"

using namespace tessera::test;
using namespace std::chrono_literals;

class TestDirectory : public QObject, protected DirectoryFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_ca = std::make_unique<TestCertificateAuthority>();
        QVERIFY2(m_ca->create(), qPrintable(m_ca->error()));
        m_otherCa = std::make_unique<TestCertificateAuthority>(QStringLiteral("Unrelated CA"));
        QVERIFY2(m_otherCa->create(), qPrintable(m_otherCa->error()));
        const std::optional<IssuedCertificate> certificate =
            m_ca->issueServerCertificate(QStringLiteral("slapd"));
        QVERIFY2(certificate, qPrintable(m_ca->error()));

        m_slapd = std::make_unique<SlapdProcess>();
        QVERIFY2(m_slapd->setTls(certificate->chainFile, certificate->keyFile),
            qPrintable(m_slapd->error()));
        QVERIFY2(m_slapd->start(), qPrintable(m_slapd->error()));
        QVERIFY(m_slapd->tlsPort() != 0);
        QVERIFY(m_slapd->tlsPort() != m_slapd->port());
        QCOMPARE(
            m_slapd->ldapsUrl(), QStringLiteral("ldaps://127.0.0.1:%1").arg(m_slapd->tlsPort()));
        QVERIFY2(!m_slapd->setTls(certificate->certificateFile, certificate->keyFile),
            "setTls after start() must be refused");
    }

    void cleanupTestCase() { m_slapd.reset(); }

    // The harness's CA: what it issues is read by Qt (the server's TLS) and verified by openssl.
    void testCaIssuesCertificatesQtAndOpensslAccept()
    {
        TestCertificateAuthority ca;
        QVERIFY2(ca.create(), qPrintable(ca.error()));
        const std::optional<IssuedCertificate> ec = ca.issueServerCertificate(QStringLiteral("ec"));
        QVERIFY2(ec, qPrintable(ca.error()));
        const std::optional<IssuedCertificate> again =
            ca.issueServerCertificate(QStringLiteral("ec-again"));
        QVERIFY2(again, qPrintable(ca.error()));
        const std::optional<IssuedCertificate> rsa = ca.issueServerCertificate(
            QStringLiteral("rsa"), TestCertificateAuthority::KeyType::Rsa);
        QVERIFY2(rsa, qPrintable(ca.error()));
        QVERIFY(!ca.issueServerCertificate(QStringLiteral("ec"))); // a name is used once
        QVERIFY(!ca.issueServerCertificate(QStringLiteral("../escape")));

        QVERIFY(readFile(ec->keyFile).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        QVERIFY(readFile(rsa->keyFile).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        const QSslKey ecKey(readFile(ec->keyFile), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
        QVERIFY(!ecKey.isNull());
        const QSslKey rsaKey(readFile(rsa->keyFile), QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
        QVERIFY(!rsaKey.isNull());
        QCOMPARE(rsaKey.length(), 2048);

        const QList<QSslCertificate> chain = QSslCertificate::fromPath(ec->chainFile);
        QCOMPARE(chain.size(), 2);
        const QSslCertificate &leaf = chain.first();
        QCOMPARE(
            leaf.subjectInfo(QSslCertificate::CommonName), QStringList { QStringLiteral("ec") });
        QCOMPARE(leaf.issuerInfo(QSslCertificate::CommonName), QStringList { ca.subject() });
        QCOMPARE(
            chain.at(1).subjectInfo(QSslCertificate::CommonName), QStringList { ca.subject() });
        const QMultiMap<QSsl::AlternativeNameEntryType, QString> names =
            leaf.subjectAlternativeNames();
        QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
        QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
        QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("0:0:0:0:0:0:0:1"))
            || names.values(QSsl::IpAddressEntry).contains(QStringLiteral("::1")));
        // The certificate's key is the key file's; every issue has a new one (pinning tests).
        const RunResult fromKey = tessera::test::runProgram(QStringLiteral("openssl"),
            { QStringLiteral("pkey"), QStringLiteral("-in"), ec->keyFile, QStringLiteral("-pubout"),
                QStringLiteral("-outform"), QStringLiteral("DER") });
        QVERIFY2(fromKey.exitCode == 0, qPrintable(fromKey.describe(QStringLiteral("openssl"))));
        QCOMPARE(leaf.publicKey().toDer(), fromKey.output);
        const QSslCertificate second = QSslCertificate::fromPath(again->certificateFile).value(0);
        QVERIFY(!second.isNull());
        QVERIFY(second.publicKey().toDer() != leaf.publicKey().toDer());

        const RunResult verified = tessera::test::runProgram(QStringLiteral("openssl"),
            { QStringLiteral("verify"), QStringLiteral("-CAfile"), ca.caFile(),
                QStringLiteral("-purpose"), QStringLiteral("sslserver"),
                QStringLiteral("-verify_ip"), QStringLiteral("127.0.0.1"), ec->certificateFile });
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.describe(QStringLiteral("openssl"))));
        const RunResult refused = tessera::test::runProgram(QStringLiteral("openssl"),
            { QStringLiteral("verify"), QStringLiteral("-CAfile"), m_otherCa->caFile(),
                ec->certificateFile });
        QVERIFY2(refused.exitCode != 0, refused.output.constData());
    }

    void signsInByUsername()
    {
        const TestPerson asha = person(QStringLiteral("asha.rao"));
        const Directory directory(config());
        const Directory::Result result = directory.authenticate(asha.username, asha.password);
        QVERIFY2(result.outcome == Outcome::Ok, qPrintable(result.message));
        QVERIFY(result.person);
        QVERIFY(!result.message.contains(asha.password));
        const tessera::server::DirectoryPerson &found = *result.person;
        QCOMPARE(found.dn, asha.dn);
        QCOMPARE(found.username, QStringLiteral("asha.rao"));
        QCOMPARE(found.employeeId, QStringLiteral("E1001"));
        QCOMPARE(found.displayName, QStringLiteral("Asha Rao"));
        QCOMPARE(found.email, QStringLiteral("asha.rao@tessera.test"));
        QCOMPARE(found.userPrincipalName, QStringLiteral("asha.rao@tessera.test"));
        QCOMPARE(found.department, QStringLiteral("Operations"));
        QCOMPARE(found.geo, QStringLiteral("Pune"));
        QCOMPARE(found.managerEmployeeId, QString());
        QCOMPARE(found.disabled, false);
        QCOMPARE(found.hasDirectReports, true); // Ben reports to Asha
        QCOMPARE(found.groupDns, QStringList { groupDn(QStringLiteral("tessera-admins")) });
    }

    void signsInByUserPrincipalNameAndInAnyCase_data()
    {
        QTest::addColumn<QString>("login");
        QTest::newRow("userPrincipalName") << QStringLiteral("asha.rao@tessera.test");
        QTest::newRow("upper case") << QStringLiteral("ASHA.RAO");
        QTest::newRow("mixed case") << QStringLiteral("Asha.Rao");
        QTest::newRow("upper-case UPN") << QStringLiteral("ASHA.RAO@TESSERA.TEST");
    }

    void signsInByUserPrincipalNameAndInAnyCase()
    {
        QFETCH(QString, login);
        const TestPerson asha = person(QStringLiteral("asha.rao"));
        const Directory::Result result = Directory(config()).authenticate(login, asha.password);
        QVERIFY2(result.outcome == Outcome::Ok, qPrintable(result.message));
        QCOMPARE(result.person->dn, asha.dn);
        QCOMPARE(result.person->username, QStringLiteral("asha.rao")); // as the directory has it
        QCOMPARE(result.person->employeeId, QStringLiteral("E1001"));
    }

    void readsManagerReportsAndGroups()
    {
        const Directory directory(config());
        const TestPerson ben = person(QStringLiteral("ben.okafor"));
        Directory::Result result = directory.authenticate(ben.username, ben.password);
        QVERIFY2(result.outcome == Outcome::Ok, qPrintable(result.message));
        QCOMPARE(result.person->employeeId, QStringLiteral("E1002"));
        QCOMPARE(result.person->managerEmployeeId, QStringLiteral("E1001"));
        QCOMPARE(result.person->hasDirectReports, false);
        QCOMPARE(
            result.person->groupDns, QStringList { groupDn(QStringLiteral("tessera-scanners")) });

        const TestPerson chen = person(QStringLiteral("chen.li"));
        result = directory.authenticate(chen.username, chen.password);
        QVERIFY2(result.outcome == Outcome::Ok, qPrintable(result.message));
        QCOMPARE(result.person->department, QStringLiteral("Finance"));
        QCOMPARE(result.person->geo, QStringLiteral("London"));
        QCOMPARE(result.person->managerEmployeeId, QString());
        QCOMPARE(result.person->hasDirectReports, true); // Dana (disabled) still reports to Chen
        QCOMPARE(
            result.person->groupDns, QStringList { groupDn(QStringLiteral("tessera-scanners")) });
    }

    void wrongPasswordAndUnknownUserAnswerAlike()
    {
        const Directory directory(config());
        const TestPerson asha = person(QStringLiteral("asha.rao"));
        const QString wrong = asha.password + QStringLiteral("x");
        const Directory::Result wrongPassword = directory.authenticate(asha.username, wrong);
        QCOMPARE(wrongPassword.outcome, Outcome::InvalidCredentials);
        QVERIFY(!wrongPassword.person);
        QVERIFY(!wrongPassword.message.contains(wrong));

        const Directory::Result unknown =
            directory.authenticate(QStringLiteral("nobody.here"), asha.password);
        QCOMPARE(unknown.outcome, Outcome::InvalidCredentials);
        QVERIFY(!unknown.person);
        QVERIFY(!unknown.message.contains(asha.password));

        // Someone else's password does not open Asha's account.
        const Directory::Result others =
            directory.authenticate(asha.username, person(QStringLiteral("ben.okafor")).password);
        QCOMPARE(others.outcome, Outcome::InvalidCredentials);

        // The service account is no person (no employeeID, no sAMAccountName).
        QCOMPARE(
            directory.authenticate(QStringLiteral("tessera-service"), m_slapd->servicePassword())
                .outcome,
            Outcome::InvalidCredentials);
    }

    void filterInjectionFindsNobody_data()
    {
        QTest::addColumn<QString>("login");
        QTest::newRow("star") << QStringLiteral("*");
        QTest::newRow("prefix") << QStringLiteral("asha*");
        QTest::newRow("close-open") << QStringLiteral(")(uid=*");
        QTest::newRow("or-everything") << QStringLiteral("asha.rao)(|(sAMAccountName=*");
        QTest::newRow("star-close") << QStringLiteral("*)(sAMAccountName=asha.rao");
        QTest::newRow("backslash") << QStringLiteral("asha\\2erao");
        QTest::newRow("dn") << QStringLiteral("cn=Asha Rao,ou=people,dc=tessera,dc=test");
    }

    void filterInjectionFindsNobody()
    {
        QFETCH(QString, login);
        // With Asha's right password: only an escaped filter keeps these from finding her.
        const TestPerson asha = person(QStringLiteral("asha.rao"));
        const Directory::Result result = Directory(config()).authenticate(login, asha.password);
        QVERIFY2(result.outcome == Outcome::InvalidCredentials, qPrintable(result.message));
        QVERIFY(!result.person);
    }

    void emptyPasswordNeverReachesTheDirectory()
    {
        const Directory directory(config());
        const TestPerson asha = person(QStringLiteral("asha.rao"));
        QCOMPARE(
            directory.authenticate(asha.username, QString()).outcome, Outcome::InvalidCredentials);
        QCOMPARE(directory.authenticate(asha.username, QStringLiteral("")).outcome,
            Outcome::InvalidCredentials);

        // With the directory down, an empty password still answers InvalidCredentials, not
        // Unavailable: the directory was never asked.
        m_slapd->stop();
        QVERIFY(!m_slapd->isRunning());
        const Directory::Result down = directory.authenticate(asha.username, QString());
        const bool restarted = m_slapd->start();
        QCOMPARE(down.outcome, Outcome::InvalidCredentials);
        QVERIFY2(restarted, qPrintable(m_slapd->error()));
    }

    void disabledAccount()
    {
        const Directory directory(config());
        const TestPerson dana = person(QStringLiteral("dana.pike"));
        QVERIFY(dana.disabled);
        const Directory::Result result = directory.authenticate(dana.username, dana.password);
        QVERIFY2(result.outcome == Outcome::AccountDisabled, qPrintable(result.message));
        QVERIFY(result.person);
        QCOMPARE(result.person->employeeId, QStringLiteral("E1004"));
        QCOMPARE(result.person->disabled, true);

        // Without the right password a disabled account looks like any failed sign-in.
        QCOMPARE(directory.authenticate(dana.username, dana.password + QStringLiteral("x")).outcome,
            Outcome::InvalidCredentials);
    }

    void lookupByEmployeeId()
    {
        const Directory directory(config());
        Directory::Result result = directory.lookupByEmployeeId(QStringLiteral("E1002"));
        QVERIFY2(result.outcome == Outcome::Ok, qPrintable(result.message));
        QCOMPARE(result.person->username, QStringLiteral("ben.okafor"));
        QCOMPARE(result.person->dn, person(QStringLiteral("ben.okafor")).dn);
        QCOMPARE(result.person->email, QStringLiteral("ben.okafor@tessera.test"));
        QCOMPARE(result.person->managerEmployeeId, QStringLiteral("E1001"));
        QCOMPARE(
            result.person->groupDns, QStringList { groupDn(QStringLiteral("tessera-scanners")) });

        result = directory.lookupByEmployeeId(QStringLiteral("e1001")); // case-insensitive
        QVERIFY2(result.outcome == Outcome::Ok, qPrintable(result.message));
        QCOMPARE(result.person->hasDirectReports, true);

        QCOMPARE(directory.lookupByEmployeeId(QStringLiteral("E9999")).outcome, Outcome::NotFound);
        QCOMPARE(directory.lookupByEmployeeId(QStringLiteral("*")).outcome, Outcome::NotFound);
        QCOMPARE(directory.lookupByEmployeeId(QStringLiteral("E100*")).outcome, Outcome::NotFound);
        QCOMPARE(directory.lookupByEmployeeId(QString()).outcome, Outcome::NotFound);

        result = directory.lookupByEmployeeId(QStringLiteral("E1004"));
        QCOMPARE(result.outcome, Outcome::AccountDisabled);
        QCOMPARE(result.person->username, QStringLiteral("dana.pike"));
    }

    // A leaver: disabled in the directory, the refresh re-check and the sign-in both notice.
    void leaverIsNoticed()
    {
        const Directory directory(config());
        const TestPerson ben = person(QStringLiteral("ben.okafor"));
        QVERIFY2(m_slapd->setAccountDisabled(ben.username, true), qPrintable(m_slapd->error()));
        const Directory::Result lookup = directory.lookupByEmployeeId(ben.employeeId);
        const Directory::Result signIn = directory.authenticate(ben.username, ben.password);
        QVERIFY2(m_slapd->setAccountDisabled(ben.username, false), qPrintable(m_slapd->error()));
        QCOMPARE(lookup.outcome, Outcome::AccountDisabled);
        QCOMPARE(signIn.outcome, Outcome::AccountDisabled);
        QCOMPARE(directory.lookupByEmployeeId(ben.employeeId).outcome, Outcome::Ok);
    }

    void serviceAccountRefusedIsUnavailable()
    {
        DirectoryConfig wrong = config();
        wrong.bindPassword = QStringLiteral("not-the-service-password");
        const Directory directory(wrong);
        const TestPerson asha = person(QStringLiteral("asha.rao"));
        const Directory::Result result = directory.authenticate(asha.username, asha.password);
        QCOMPARE(result.outcome, Outcome::Unavailable);
        QVERIFY(!result.message.contains(wrong.bindPassword));
        QVERIFY(!result.message.contains(asha.password));
        QCOMPARE(directory.lookupByEmployeeId(asha.employeeId).outcome, Outcome::Unavailable);
    }

    void tls_data()
    {
        QTest::addColumn<DirectoryConfig::Security>("security");
        QTest::newRow("StartTLS") << DirectoryConfig::Security::StartTls;
        QTest::newRow("LDAPS") << DirectoryConfig::Security::Ldaps;
    }

    void tls()
    {
        QFETCH(DirectoryConfig::Security, security);
        const TestPerson asha = person(QStringLiteral("asha.rao"));

        const Directory trusted(config(security, m_ca->caFile()));
        Directory::Result result = trusted.authenticate(asha.username, asha.password);
        QVERIFY2(result.outcome == Outcome::Ok, qPrintable(result.message));
        QCOMPARE(result.person->employeeId, QStringLiteral("E1001"));
        QCOMPARE(result.person->hasDirectReports, true);
        QCOMPARE(trusted.authenticate(asha.username, QStringLiteral("wrong")).outcome,
            Outcome::InvalidCredentials);
        QCOMPARE(trusted.lookupByEmployeeId(QStringLiteral("E1003")).outcome, Outcome::Ok);

        // A CA that did not issue slapd's certificate: the certificate is refused.
        const Directory untrusted(config(security, m_otherCa->caFile()));
        result = untrusted.authenticate(asha.username, asha.password);
        QVERIFY2(result.outcome == Outcome::Unavailable, qPrintable(result.message));
        qInfo("refused: %s", qPrintable(result.message));
        QCOMPARE(
            untrusted.lookupByEmployeeId(QStringLiteral("E1001")).outcome, Outcome::Unavailable);

        // No such CA file.
        const Directory missing(
            config(security, m_ca->caFile() + QStringLiteral(".does-not-exist")));
        result = missing.authenticate(asha.username, asha.password);
        QVERIFY2(result.outcome == Outcome::Unavailable, qPrintable(result.message));
    }

    // The certificate chains to the trusted CA but names another host: refused too.
    void tlsRefusesACertificateForAnotherHost()
    {
        const std::optional<IssuedCertificate> elsewhere = m_ca->issueServerCertificate(
            QStringLiteral("elsewhere"), TestCertificateAuthority::KeyType::Rsa,
            { QStringLiteral("directory.tessera.invalid") });
        QVERIFY2(elsewhere, qPrintable(m_ca->error()));
        SlapdProcess other;
        QVERIFY(other.setTls(elsewhere->certificateFile, elsewhere->keyFile));
        QVERIFY2(other.start(), qPrintable(other.error()));

        DirectoryConfig settings = config(DirectoryConfig::Security::Ldaps, m_ca->caFile());
        settings.url = QUrl(other.ldapsUrl());
        settings.bindPassword = other.servicePassword();
        const TestPerson asha = *other.person(QStringLiteral("asha.rao"));
        Directory::Result result = Directory(settings).authenticate(asha.username, asha.password);
        QVERIFY2(result.outcome == Outcome::Unavailable, qPrintable(result.message));
        qInfo("refused: %s", qPrintable(result.message));

        settings.security = DirectoryConfig::Security::StartTls;
        settings.url = QUrl(other.url());
        result = Directory(settings).authenticate(asha.username, asha.password);
        QVERIFY2(result.outcome == Outcome::Unavailable, qPrintable(result.message));

        // Plain LDAP to the same slapd works: the refusals above were the certificate's.
        settings.security = DirectoryConfig::Security::Plain;
        result = Directory(settings).authenticate(asha.username, asha.password);
        QVERIFY2(result.outcome == Outcome::Ok, qPrintable(result.message));
    }

    void concurrentSignIns_data()
    {
        QTest::addColumn<DirectoryConfig::Security>("security");
        QTest::newRow("plain") << DirectoryConfig::Security::Plain;
        QTest::newRow("StartTLS") << DirectoryConfig::Security::StartTls;
        QTest::newRow("LDAPS") << DirectoryConfig::Security::Ldaps;
    }

    void concurrentSignIns()
    {
        QFETCH(DirectoryConfig::Security, security);
        const Directory directory(config(security, m_ca->caFile()));
        struct Attempt
        {
            QString username;
            QString password;
            Outcome expected;
            QString employeeId;
        };
        QList<Attempt> attempts;
        for (int round = 0; round < 6; ++round) {
            for (const QString &name : { QStringLiteral("asha.rao"), QStringLiteral("ben.okafor"),
                     QStringLiteral("chen.li") }) {
                const TestPerson someone = person(name);
                attempts.append(
                    { someone.username, someone.password, Outcome::Ok, someone.employeeId });
            }
            const TestPerson dana = person(QStringLiteral("dana.pike"));
            attempts.append(
                { dana.username, dana.password, Outcome::AccountDisabled, dana.employeeId });
            attempts.append({ QStringLiteral("ben.okafor"), QStringLiteral("wrong-password"),
                Outcome::InvalidCredentials, {} });
        }

        QThreadPool pool;
        pool.setMaxThreadCount(8);
        QList<QFuture<Directory::Result>> futures;
        for (const Attempt &attempt : std::as_const(attempts)) {
            futures.append(QtConcurrent::run(&pool, [&directory, attempt] {
                return directory.authenticate(attempt.username, attempt.password);
            }));
        }
        for (qsizetype i = 0; i < futures.size(); ++i) {
            futures[i].waitForFinished();
            const Directory::Result result = futures[i].result();
            QVERIFY2(result.outcome == attempts.at(i).expected,
                qPrintable(QStringLiteral("%1: %2").arg(attempts.at(i).username, result.message)));
            if (!attempts.at(i).employeeId.isEmpty())
                QCOMPARE(result.person->employeeId, attempts.at(i).employeeId);
        }
    }

    // A listener that accepts and never answers: every call gives up (network/operation
    // time-outs) with Unavailable. No time is asserted; the test's own time-out is generous.
    void silentDirectoryIsUnavailable_data()
    {
        QTest::addColumn<DirectoryConfig::Security>("security");
        QTest::newRow("plain") << DirectoryConfig::Security::Plain;
        QTest::newRow("LDAPS") << DirectoryConfig::Security::Ldaps;
    }

    void silentDirectoryIsUnavailable()
    {
        QFETCH(DirectoryConfig::Security, security);
        QTcpServer silent; // the kernel completes the connections; nobody reads them
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        DirectoryConfig settings = config(security, m_ca->caFile());
        settings.url =
            QUrl(QStringLiteral("%1://127.0.0.1:%2")
                     .arg(security == DirectoryConfig::Security::Ldaps ? QStringLiteral("ldaps")
                                                                       : QStringLiteral("ldap"))
                     .arg(silent.serverPort()));
        const TestPerson asha = person(QStringLiteral("asha.rao"));
        QElapsedTimer timer;
        timer.start();
        const Directory::Result result =
            Directory(settings).authenticate(asha.username, asha.password);
        qInfo("a silent directory answered after %lld ms", timer.elapsed());
        QVERIFY2(result.outcome == Outcome::Unavailable, qPrintable(result.message));
    }

    // Last: stops the directory.
    void directoryDownIsUnavailable()
    {
        const TestPerson asha = person(QStringLiteral("asha.rao"));
        m_slapd->stop();
        QVERIFY(!m_slapd->isRunning());
        for (const DirectoryConfig::Security security : { DirectoryConfig::Security::Plain,
                 DirectoryConfig::Security::StartTls, DirectoryConfig::Security::Ldaps }) {
            const Directory directory(config(security, m_ca->caFile()));
            Directory::Result result = directory.authenticate(asha.username, asha.password);
            QVERIFY2(result.outcome == Outcome::Unavailable, qPrintable(result.message));
            QVERIFY(!result.person);
            QVERIFY(!result.message.contains(asha.password));
            result = directory.lookupByEmployeeId(asha.employeeId);
            QVERIFY2(result.outcome == Outcome::Unavailable, qPrintable(result.message));
            // Wrong passwords and unknown users too: nobody could check them.
            QCOMPARE(directory.authenticate(asha.username, QStringLiteral("wrong")).outcome,
                Outcome::Unavailable);
        }
    }
};

QTEST_GUILESS_MAIN(TestDirectory)
#include "tst_directory.moc"
