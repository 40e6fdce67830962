// tessera-demo-directory: the demo's Active Directory stand-in (scripts/run-demo.sh). Starts a
// real OpenLDAP slapd on 127.0.0.1 with AD-style people, writes what the server needs to reach
// it and the people's demo passwords into the data folder, and runs until SIGTERM or SIGINT.
//
//   DATA/directory-config.json          {"directory":{...}} for tessera-server --config
//   DATA/directory-password             the service account's password (bindPasswordFile)
//   DATA/demo-directory-accounts.json   [{"username","password","kind":"ad",...}]
// All written owner-only (umask 077).
#include "slapdprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "tessera-demo-directory: %s\n", qPrintable(message));
    return 1;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(bytes) == bytes.size();
}

} // namespace

int main(int argc, char *argv[])
{
    ::umask(077);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tessera-demo-directory"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A demo directory (OpenLDAP slapd with AD-style people) for tessera-server."));
    parser.addHelpOption();
    const QCommandLineOption dataOption(QStringLiteral("data"),
        QStringLiteral("Where to write the server's directory settings and the demo accounts."),
        QStringLiteral("DIR"));
    parser.addOption(dataOption);
    parser.process(app);
    if (!parser.isSet(dataOption))
        return fail(QStringLiteral("give --data DIR"));
    const QDir data(parser.value(dataOption));
    if (!QDir().mkpath(data.absolutePath()))
        return fail(QStringLiteral("cannot create %1").arg(data.absolutePath()));

    tessera::test::SlapdProcess slapd;
    if (!slapd.start())
        return fail(slapd.error());

    const QString passwordFile = data.absoluteFilePath(QStringLiteral("directory-password"));
    const QJsonObject config { { QStringLiteral("directory"),
        QJsonObject {
            { QStringLiteral("url"), slapd.url() },
            // Plain LDAP on loopback: the demo only. Production directories use LDAPS or StartTLS.
            { QStringLiteral("security"), QStringLiteral("plain") },
            { QStringLiteral("baseDn"), slapd.baseDn() },
            { QStringLiteral("bindDn"), slapd.serviceBindDn() },
            { QStringLiteral("bindPasswordFile"), passwordFile },
        } } };
    QJsonArray accounts;
    const auto people = slapd.people();
    for (const auto &person : people) {
        const bool manages = std::any_of(people.cbegin(), people.cend(),
            [&person](const auto &other) { return other.managerDn == person.dn; });
        accounts.append(QJsonObject {
            { QStringLiteral("username"), person.username },
            { QStringLiteral("password"), person.password },
            { QStringLiteral("kind"), QStringLiteral("ad") },
            { QStringLiteral("userType"), QStringLiteral("employee") },
            { QStringLiteral("roles"),
                manages ? QJsonArray { QStringLiteral("manager") } : QJsonArray {} },
            { QStringLiteral("userId"), person.employeeId },
            { QStringLiteral("displayName"), person.displayName },
            { QStringLiteral("disabled"), person.disabled },
        });
    }
    if (!writeFile(passwordFile, slapd.servicePassword().toUtf8())
        || !writeFile(data.absoluteFilePath(QStringLiteral("directory-config.json")),
            QJsonDocument(config).toJson())
        || !writeFile(data.absoluteFilePath(QStringLiteral("demo-directory-accounts.json")),
            QJsonDocument(accounts).toJson()))
        return fail(QStringLiteral("cannot write into %1").arg(data.absolutePath()));

    // The last line at start: scripts wait for it.
    std::printf("Demo directory ready: %s\n", qPrintable(slapd.url()));
    std::fflush(stdout);

    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    int received = 0;
    sigwait(&stopSignals, &received);
    std::printf("stopping\n");
    return 0; // slapd stops with its object
}
