#include "slapdprocess.h"

#include "slapdldif.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QThread>

#include <csignal>

using namespace std::chrono_literals;

namespace tessera::test {

namespace {

constexpr auto kSuffix = "dc=tessera,dc=test";
constexpr auto kStartTimeout = 15s;
constexpr int kPortAttempts = 5;

QString suffix()
{
    return QLatin1String(kSuffix);
}

// slapd and slapadd live in /usr/sbin, which is not on every PATH.
QString findProgram(const QString &name)
{
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(name,
            { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin"),
                QStringLiteral("/sbin") });
    return found.isEmpty() ? name : found;
}

// The LDAP command-line tools, without the user's ldaprc/ldap.conf.
QProcessEnvironment toolEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LDAPNOINIT"), QStringLiteral("1"));
    return environment;
}

QString randomSecret()
{
    QByteArray bytes(18, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(
        reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding));
}

bool writeFile(const QString &path, const QByteArray &contents, QString *problem)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(contents) < 0) {
        *problem = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

DirectoryPerson makePerson(const QString &username, const QString &givenName,
    const QString &surname, const QString &employeeId, const QString &department,
    const QString &geo, const QString &password)
{
    DirectoryPerson person;
    person.username = username;
    person.password = password;
    person.employeeId = employeeId;
    person.givenName = givenName;
    person.surname = surname;
    person.displayName = givenName + u' ' + surname;
    person.mail = username + QStringLiteral("@tessera.test");
    person.userPrincipalName = person.mail;
    person.department = department;
    person.geo = geo;
    // AD-style: the DN is named by cn, not by the username; servers must search, then bind.
    person.dn = QStringLiteral("cn=%1,ou=people,%2").arg(person.displayName, suffix());
    return person;
}

} // namespace

SlapdProcess::SlapdProcess()
    : m_dir(QDir::tempPath() + QStringLiteral("/tessera-slapd-XXXXXX"))
    , m_servicePassword(randomSecret())
    , m_adminPassword(randomSecret())
{
    // Fixed test passwords, so that a person can also sign in by hand in a demo.
    DirectoryPerson asha = makePerson(QStringLiteral("asha.rao"), QStringLiteral("Asha"),
        QStringLiteral("Rao"), QStringLiteral("E1001"), QStringLiteral("Operations"),
        QStringLiteral("Pune"), QStringLiteral("asha-Test-1001"));
    DirectoryPerson ben = makePerson(QStringLiteral("ben.okafor"), QStringLiteral("Ben"),
        QStringLiteral("Okafor"), QStringLiteral("E1002"), QStringLiteral("Operations"),
        QStringLiteral("Pune"), QStringLiteral("ben-Test-1002"));
    ben.managerDn = asha.dn;
    DirectoryPerson chen = makePerson(QStringLiteral("chen.li"), QStringLiteral("Chen"),
        QStringLiteral("Li"), QStringLiteral("E1003"), QStringLiteral("Finance"),
        QStringLiteral("London"), QStringLiteral("chen-Test-1003"));
    DirectoryPerson dana = makePerson(QStringLiteral("dana.pike"), QStringLiteral("Dana"),
        QStringLiteral("Pike"), QStringLiteral("E1004"), QStringLiteral("Finance"),
        QStringLiteral("London"), QStringLiteral("dana-Test-1004"));
    dana.managerDn = chen.dn;
    dana.disabled = true;
    m_people = { asha, ben, chen, dana };

    m_groups = {
        { QStringLiteral("tessera-admins"),
            QStringLiteral("cn=tessera-admins,ou=groups,%1").arg(suffix()), { asha.dn } },
        { QStringLiteral("tessera-scanners"),
            QStringLiteral("cn=tessera-scanners,ou=groups,%1").arg(suffix()), { ben.dn, chen.dn } },
    };
}

SlapdProcess::~SlapdProcess()
{
    stop();
}

QString SlapdProcess::url() const
{
    return QStringLiteral("ldap://127.0.0.1:%1").arg(m_port);
}

bool SlapdProcess::setTls(const QString &certificateFile, const QString &keyFile)
{
    if (m_prepared) {
        m_error = QStringLiteral("setTls() must come before the first start()");
        return false;
    }
    m_tlsCertificateFile = certificateFile;
    m_tlsKeyFile = keyFile;
    return true;
}

QString SlapdProcess::ldapsUrl() const
{
    return hasTls() ? QStringLiteral("ldaps://127.0.0.1:%1").arg(m_tlsPort) : QString();
}

QString SlapdProcess::baseDn() const
{
    return suffix();
}

QString SlapdProcess::peopleDn() const
{
    return QStringLiteral("ou=people,") + suffix();
}

QString SlapdProcess::groupsDn() const
{
    return QStringLiteral("ou=groups,") + suffix();
}

QString SlapdProcess::serviceBindDn() const
{
    return QStringLiteral("cn=tessera-service,ou=services,") + suffix();
}

QString SlapdProcess::adminBindDn() const
{
    return QStringLiteral("cn=admin,") + suffix();
}

std::optional<DirectoryPerson> SlapdProcess::person(const QString &username) const
{
    for (const DirectoryPerson &candidate : m_people) {
        if (candidate.username.compare(username, Qt::CaseInsensitive) == 0)
            return candidate;
    }
    return std::nullopt;
}

bool SlapdProcess::isRunning() const
{
    return m_slapd && m_slapd->isRunning();
}

qint64 SlapdProcess::pid() const
{
    return isRunning() ? m_slapd->pid() : 0;
}

QByteArray SlapdProcess::output() const
{
    return m_slapd ? m_pastOutput + m_slapd->output() : m_pastOutput;
}

bool SlapdProcess::prepare()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot make a temporary folder: %1").arg(m_dir.errorString());
        return false;
    }
    const QDir dir(m_dir.path());
    if (!dir.mkpath(QStringLiteral("config")) || !dir.mkpath(QStringLiteral("data"))) {
        m_error = QStringLiteral("cannot make folders in %1").arg(m_dir.path());
        return false;
    }
    const QString configDir = m_dir.filePath(QStringLiteral("config"));
    const QString configFile = m_dir.filePath(QStringLiteral("config.ldif"));
    const QString dataFile = m_dir.filePath(QStringLiteral("directory.ldif"));

    QString problem;
    const SlapdLdif ldif(*this, m_dir.path(), m_tlsCertificateFile, m_tlsKeyFile);
    const QByteArray config = ldif.config(&problem);
    if (config.isEmpty() || !writeFile(configFile, config, &problem)
        || !writeFile(dataFile, ldif.directory(), &problem)) {
        m_error = problem;
        return false;
    }

    const QString slapadd = findProgram(QStringLiteral("slapadd"));
    const RunResult configured = runProgram(slapadd,
        { QStringLiteral("-n0"), QStringLiteral("-F"), configDir, QStringLiteral("-l"),
            configFile });
    if (configured.exitCode != 0) {
        m_error = QStringLiteral("building cn=config failed: ") + configured.describe(slapadd);
        return false;
    }
    const RunResult loaded = runProgram(slapadd,
        { QStringLiteral("-F"), configDir, QStringLiteral("-b"), suffix(), QStringLiteral("-l"),
            dataFile });
    if (loaded.exitCode != 0) {
        m_error = QStringLiteral("loading the directory failed: ") + loaded.describe(slapadd);
        return false;
    }
    return true;
}

bool SlapdProcess::start()
{
    if (isRunning())
        return true;
    m_error.clear();
    if (!m_prepared) {
        if (!prepare())
            return false;
        m_prepared = true;
    }
    bool portTaken = false;
    if (m_port != 0) {
        // A restart: same ports, same data.
        return launch(m_port, m_tlsPort, &portTaken);
    }
    return retryWhilePortTaken(
        kPortAttempts,
        [this](bool *taken) {
            const quint16 port = freeLoopbackPort();
            quint16 tlsPort = 0;
            if (hasTls()) {
                for (int pick = 0; pick < kPortAttempts && (tlsPort == 0 || tlsPort == port);
                     ++pick)
                    tlsPort = freeLoopbackPort();
            }
            if (port == 0 || (hasTls() && (tlsPort == 0 || tlsPort == port))) {
                m_error = QStringLiteral("no free port on 127.0.0.1");
                return false;
            }
            if (!launch(port, tlsPort, taken))
                return false;
            m_port = port;
            m_tlsPort = tlsPort;
            return true;
        },
        m_error);
}

bool SlapdProcess::launch(quint16 port, quint16 tlsPort, bool *portTaken)
{
    *portTaken = false;
    if (m_slapd)
        m_pastOutput += m_slapd->output();
    m_slapd = std::make_unique<ChildProcess>();

    QString listenUrl = QStringLiteral("ldap://127.0.0.1:%1/").arg(port);
    if (hasTls())
        listenUrl += QStringLiteral(" ldaps://127.0.0.1:%1/").arg(tlsPort);
    const QString program = findProgram(QStringLiteral("slapd"));
    // -d none: stay in the foreground and print only what is always logged (errors).
    if (!m_slapd->start(program,
            { QStringLiteral("-F"), m_dir.filePath(QStringLiteral("config")), QStringLiteral("-h"),
                listenUrl, QStringLiteral("-d"), QStringLiteral("none") })) {
        m_error = m_slapd->error();
        return false;
    }

    // slapd answers within ~0.1 s; ask as the service account, which also checks the ACLs.
    const QString pollUrl = QStringLiteral("ldap://127.0.0.1:%1").arg(port);
    const QStringList search = {
        QStringLiteral("-x"),
        QStringLiteral("-H"),
        pollUrl,
        QStringLiteral("-D"),
        serviceBindDn(),
        QStringLiteral("-w"),
        m_servicePassword,
        QStringLiteral("-o"),
        QStringLiteral("nettimeout=2"),
        QStringLiteral("-b"),
        suffix(),
        QStringLiteral("-s"),
        QStringLiteral("base"),
        QStringLiteral("1.1"),
    };
    const QString ldapsearch = findProgram(QStringLiteral("ldapsearch"));
    const QDeadlineTimer deadline(kStartTimeout);
    RunResult last;
    QThread::msleep(20); // slapd binds its port (or fails to) within a few ms
    for (;;) {
        if (!m_slapd->isRunning()) {
            const std::optional<int> exitCode = m_slapd->stop();
            const QByteArray printed = m_slapd->output();
            *portTaken = printed.contains("Address already in use");
            m_error = QStringLiteral("slapd exited on %1 (code %2): %3")
                          .arg(listenUrl, QString::number(exitCode.value_or(-1)),
                              QString::fromUtf8(printed.right(4000)));
            return false;
        }
        // Short: something else listening on the port (slapd then exits) accepts and never answers.
        last = runProgram(ldapsearch, search, 2s, {}, toolEnvironment());
        if (last.exitCode == 0)
            return true;
        if (deadline.hasExpired())
            break;
        QThread::msleep(50);
    }
    m_slapd->stop(SIGINT);
    m_error = QStringLiteral("slapd did not answer on %1 within %2 s; last %3; slapd printed: %4")
                  .arg(listenUrl, QString::number(std::chrono::seconds(kStartTimeout).count()),
                      last.describe(ldapsearch), QString::fromUtf8(m_slapd->output().right(4000)));
    return false;
}

void SlapdProcess::stop()
{
    if (m_slapd && m_slapd->isRunning())
        m_slapd->stop(SIGINT);
}

bool SlapdProcess::modify(const QByteArray &changeLdif)
{
    if (!isRunning()) {
        m_error = QStringLiteral("slapd is not running");
        return false;
    }
    const QString ldapmodify = findProgram(QStringLiteral("ldapmodify"));
    const RunResult result = runProgram(ldapmodify,
        { QStringLiteral("-x"), QStringLiteral("-H"), url(), QStringLiteral("-D"), adminBindDn(),
            QStringLiteral("-w"), m_adminPassword },
        30s, changeLdif, toolEnvironment());
    if (result.exitCode != 0) {
        m_error = result.describe(ldapmodify);
        return false;
    }
    return true;
}

bool SlapdProcess::setAccountDisabled(const QString &username, bool disabled)
{
    for (DirectoryPerson &candidate : m_people) {
        if (candidate.username.compare(username, Qt::CaseInsensitive) != 0)
            continue;
        QByteArray change = SlapdLdif::line("dn", candidate.dn);
        change += "changetype: modify\n"
                  "replace: userAccountControl\n";
        change += disabled ? "userAccountControl: 514\n" : "userAccountControl: 512\n";
        change += "-\n";
        if (!modify(change))
            return false;
        candidate.disabled = disabled;
        return true;
    }
    m_error = QStringLiteral("no person %1 in the test directory").arg(username);
    return false;
}

} // namespace tessera::test
