// SlapdProcess: a real OpenLDAP slapd with AD's user attributes, checked with OpenLDAP's own
// command-line clients (ldapsearch, ldapwhoami), stopped and restarted, and gone afterwards.
#include "childprocess.h"
#include "slapdprocess.h"

#include <QFileInfo>
#include <QMultiMap>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <cerrno>
#include <csignal>
#include <memory>

using namespace tessera::test;
using namespace std::chrono_literals;

namespace {

RunResult ldapTool(const QString &tool, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LDAPNOINIT"), QStringLiteral("1"));
    return runProgram(tool, arguments, 20s, {}, environment);
}

// ldapsearch as the service account, unwrapped LDIF; answers exit code and output.
RunResult serviceSearch(
    const SlapdProcess &slapd, const QString &filter, const QStringList &attributes)
{
    QStringList arguments = { QStringLiteral("-x"), QStringLiteral("-LLL"), QStringLiteral("-o"),
        QStringLiteral("ldif-wrap=no"), QStringLiteral("-H"), slapd.url(), QStringLiteral("-D"),
        slapd.serviceBindDn(), QStringLiteral("-w"), slapd.servicePassword(), QStringLiteral("-b"),
        slapd.peopleDn(), filter };
    arguments << attributes;
    return ldapTool(QStringLiteral("ldapsearch"), arguments);
}

// "attr: value" lines of LDIF (no base64 values expected here).
QMultiMap<QString, QString> attributesOf(const QByteArray &ldif)
{
    QMultiMap<QString, QString> result;
    const QList<QByteArray> lines = ldif.split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(": ");
        if (colon > 0)
            result.insert(
                QString::fromUtf8(line.left(colon)), QString::fromUtf8(line.mid(colon + 2)));
    }
    return result;
}

RunResult whoami(const SlapdProcess &slapd, const QString &dn, const QString &password)
{
    return ldapTool(QStringLiteral("ldapwhoami"),
        { QStringLiteral("-x"), QStringLiteral("-H"), slapd.url(), QStringLiteral("-D"), dn,
            QStringLiteral("-w"), password });
}

QAbstractSocket::SocketError connectError(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (socket.waitForConnected(3000))
        return QAbstractSocket::UnknownSocketError; // connected: no error
    return socket.error();
}

bool processGone(qint64 pid)
{
    return !QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid))
        && ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH;
}

} // namespace

class TestSlapd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_slapd = std::make_unique<SlapdProcess>();
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(m_slapd->start(), qPrintable(m_slapd->error()));
        qInfo("slapd answered on %s after %lld ms", qPrintable(m_slapd->url()), timer.elapsed());
        QVERIFY(m_slapd->isRunning());
        QVERIFY(m_slapd->port() != 0);
        QCOMPARE(m_slapd->url(), QStringLiteral("ldap://127.0.0.1:%1").arg(m_slapd->port()));
    }

    void cleanupTestCase() { m_slapd.reset(); }

    void serviceAccountFindsPersonByUsername()
    {
        const std::optional<DirectoryPerson> asha = m_slapd->person(QStringLiteral("asha.rao"));
        QVERIFY(asha);
        // Usernames compare case-insensitively, as in AD.
        const RunResult result =
            serviceSearch(*m_slapd, QStringLiteral("(sAMAccountName=Asha.Rao)"),
                { QStringLiteral("mail"), QStringLiteral("department"),
                    QStringLiteral("employeeID"), QStringLiteral("manager"), QStringLiteral("l"),
                    QStringLiteral("userPrincipalName"), QStringLiteral("userPassword") });
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe(QStringLiteral("ldapsearch"))));
        const QMultiMap<QString, QString> found = attributesOf(result.output);
        QCOMPARE(found.values(QStringLiteral("dn")), QStringList { asha->dn });
        QCOMPARE(found.value(QStringLiteral("mail")), QStringLiteral("asha.rao@tessera.test"));
        QCOMPARE(found.value(QStringLiteral("userPrincipalName")),
            QStringLiteral("asha.rao@tessera.test"));
        QCOMPARE(found.value(QStringLiteral("department")), QStringLiteral("Operations"));
        QCOMPARE(found.value(QStringLiteral("employeeID")), QStringLiteral("E1001"));
        QCOMPARE(found.value(QStringLiteral("l")), QStringLiteral("Pune"));
        QVERIFY(!found.contains(QStringLiteral("manager"))); // Asha has none
        // The service account may not read passwords.
        QVERIFY(!found.contains(QStringLiteral("userPassword")));

        // Ben's manager is Asha (a DN); direct reports are found by it.
        const RunResult reports =
            serviceSearch(*m_slapd, QStringLiteral("(manager=%1)").arg(asha->dn),
                { QStringLiteral("sAMAccountName"), QStringLiteral("manager") });
        QVERIFY2(reports.exitCode == 0, qPrintable(reports.describe(QStringLiteral("ldapsearch"))));
        const QMultiMap<QString, QString> reportsFound = attributesOf(reports.output);
        QCOMPARE(reportsFound.values(QStringLiteral("sAMAccountName")),
            QStringList { QStringLiteral("ben.okafor") });
        QCOMPARE(reportsFound.value(QStringLiteral("manager")), asha->dn);
    }

    void peopleMatchTheApi()
    {
        const QList<DirectoryPerson> people = m_slapd->people();
        QVERIFY(people.size() >= 4);
        for (const DirectoryPerson &person : people) {
            const RunResult result =
                serviceSearch(*m_slapd, QStringLiteral("(employeeID=%1)").arg(person.employeeId),
                    { QStringLiteral("sAMAccountName"), QStringLiteral("mail"),
                        QStringLiteral("department"), QStringLiteral("l"),
                        QStringLiteral("manager"), QStringLiteral("userAccountControl") });
            QVERIFY2(
                result.exitCode == 0, qPrintable(result.describe(QStringLiteral("ldapsearch"))));
            const QMultiMap<QString, QString> found = attributesOf(result.output);
            QCOMPARE(found.value(QStringLiteral("dn")), person.dn);
            QCOMPARE(found.value(QStringLiteral("sAMAccountName")), person.username);
            QCOMPARE(found.value(QStringLiteral("mail")), person.mail);
            QCOMPARE(found.value(QStringLiteral("department")), person.department);
            QCOMPARE(found.value(QStringLiteral("l")), person.geo);
            QCOMPARE(found.value(QStringLiteral("manager")), person.managerDn);
            QCOMPARE(found.value(QStringLiteral("userAccountControl")),
                person.disabled ? QStringLiteral("514") : QStringLiteral("512"));
        }
        QVERIFY(m_slapd->person(QStringLiteral("dana.pike"))->disabled);
    }

    void disabledAccountsMatchAdsBitwiseRule()
    {
        const RunResult result = serviceSearch(*m_slapd,
            QStringLiteral("(userAccountControl:1.2.840.113556.1.4.803:=2)"),
            { QStringLiteral("sAMAccountName") });
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe(QStringLiteral("ldapsearch"))));
        QCOMPARE(attributesOf(result.output).values(QStringLiteral("sAMAccountName")),
            QStringList { QStringLiteral("dana.pike") });
    }

    void personBindsAsThemselves()
    {
        const std::optional<DirectoryPerson> ben = m_slapd->person(QStringLiteral("ben.okafor"));
        QVERIFY(ben);
        const RunResult good = whoami(*m_slapd, ben->dn, ben->password);
        QVERIFY2(good.exitCode == 0, qPrintable(good.describe(QStringLiteral("ldapwhoami"))));
        QCOMPARE(QString::fromUtf8(good.output).trimmed(), QStringLiteral("dn:") + ben->dn);

        const RunResult wrong = whoami(*m_slapd, ben->dn, ben->password + QStringLiteral("x"));
        QCOMPARE(wrong.exitCode, 49);
        QVERIFY2(wrong.output.contains("Invalid credentials (49)"), wrong.output.constData());
    }

    void anonymousSeesNothing()
    {
        const RunResult result = ldapTool(QStringLiteral("ldapsearch"),
            { QStringLiteral("-x"), QStringLiteral("-LLL"), QStringLiteral("-H"), m_slapd->url(),
                QStringLiteral("-b"), m_slapd->baseDn(), QStringLiteral("(objectClass=*)") });
        // Not even the base entry is visible: "No such object (32)".
        QCOMPARE(result.exitCode, 32);
        QVERIFY2(!result.output.contains("dn:"), result.output.constData());
        QVERIFY(!result.output.contains("sAMAccountName"));
    }

    void adminDisablesAndEnablesAccount()
    {
        QVERIFY2(m_slapd->setAccountDisabled(QStringLiteral("ben.okafor"), true),
            qPrintable(m_slapd->error()));
        QVERIFY(m_slapd->person(QStringLiteral("ben.okafor"))->disabled);
        RunResult result = serviceSearch(*m_slapd,
            QStringLiteral("(userAccountControl:1.2.840.113556.1.4.803:=2)"),
            { QStringLiteral("sAMAccountName") });
        QStringList disabled = attributesOf(result.output).values(QStringLiteral("sAMAccountName"));
        disabled.sort();
        QCOMPARE(
            disabled, (QStringList { QStringLiteral("ben.okafor"), QStringLiteral("dana.pike") }));

        QVERIFY2(m_slapd->setAccountDisabled(QStringLiteral("ben.okafor"), false),
            qPrintable(m_slapd->error()));
        QVERIFY(!m_slapd->person(QStringLiteral("ben.okafor"))->disabled);
        result = serviceSearch(*m_slapd,
            QStringLiteral("(userAccountControl:1.2.840.113556.1.4.803:=2)"),
            { QStringLiteral("sAMAccountName") });
        QCOMPARE(attributesOf(result.output).values(QStringLiteral("sAMAccountName")),
            QStringList { QStringLiteral("dana.pike") });
    }

    void stopRefusesAndRestartAnswersOnTheSamePort()
    {
        const quint16 port = m_slapd->port();
        const qint64 firstPid = m_slapd->pid();
        QVERIFY(firstPid > 0);

        QElapsedTimer timer;
        timer.start();
        m_slapd->stop();
        qInfo("slapd stopped in %lld ms", timer.elapsed());
        QVERIFY(!m_slapd->isRunning());
        QCOMPARE(m_slapd->pid(), 0);
        QVERIFY(processGone(firstPid));
        QCOMPARE(connectError(port), QAbstractSocket::ConnectionRefusedError);

        {
            // Someone else took the port meanwhile: start() fails and says why.
            QTcpServer squatter;
            QVERIFY(squatter.listen(QHostAddress::LocalHost, port));
            QVERIFY(!m_slapd->start());
            QVERIFY2(m_slapd->error().contains(QStringLiteral("Address already in use")),
                qPrintable(m_slapd->error()));
            QVERIFY(!m_slapd->isRunning());
        }

        timer.restart();
        QVERIFY2(m_slapd->start(), qPrintable(m_slapd->error()));
        qInfo("slapd restarted in %lld ms", timer.elapsed());
        QCOMPARE(m_slapd->port(), port);
        // The data survived: Ben still signs in.
        const std::optional<DirectoryPerson> ben = m_slapd->person(QStringLiteral("ben.okafor"));
        const RunResult good = whoami(*m_slapd, ben->dn, ben->password);
        QVERIFY2(good.exitCode == 0, qPrintable(good.describe(QStringLiteral("ldapwhoami"))));
    }

    void destructionLeavesNoSlapd()
    {
        const qint64 pid = m_slapd->pid();
        const quint16 port = m_slapd->port();
        QVERIFY(pid > 0);
        m_slapd.reset();
        QVERIFY(processGone(pid));
        QCOMPARE(connectError(port), QAbstractSocket::ConnectionRefusedError);
    }

private:
    std::unique_ptr<SlapdProcess> m_slapd;
};

QTEST_GUILESS_MAIN(TestSlapd)
#include "tst_slapd.moc"
