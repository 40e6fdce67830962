// tessera-server: the reference backend. Composition root only; everything else is in the library.
#include "app/apiserver.h"
#include "app/signalwatcher.h"
#include "base/serverconfig.h"
#include "health/hc1verifier.h"
#include "protocol/version.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>

using namespace tessera::server;

namespace {

void say(const QString &line)
{
    // Nothing to do when stdout is gone: the server goes on.
    (void)std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    (void)std::fflush(stdout);
}

int fail(const QString &message)
{
    (void)std::fputs(qPrintable(QStringLiteral("tessera-server: %1\n").arg(message)), stderr);
    return 1;
}

// The issuer keys of each --hc1-issuer-key FILE (PEM, one key or several) into keys; false with
// the file and the reason in error.
bool readIssuerKeys(const QStringList &files, QList<QByteArray> *keys, QString *error)
{
    for (const QString &path : files) {
        QFile file(path);
        QString why;
        std::optional<QList<QByteArray>> read;
        if (!file.open(QIODevice::ReadOnly))
            why = file.errorString();
        else if (file.size() > qint64(1024) * 1024)
            why = QStringLiteral("larger than 1 MiB");
        else
            read = readHc1IssuerKeys(file.readAll(), &why);
        if (!read) {
            *error = QStringLiteral("--hc1-issuer-key “%1”: %2").arg(path, why);
            return false;
        }
        *keys += *read;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    // A peer (client, directory) that drops a connection mid-write must not kill the server.
    (void)std::signal(SIGPIPE, SIG_IGN); // the previous handler is the default: nothing to keep
    // Qt's own poll() event dispatcher instead of GLib's: with GLib every socket notifier
    // turned off (each write, once its bytes are out) walks lists as long as the open sockets,
    // so the live stream's hint to 1,000 sockets cost O(n^2) (docs/PERFORMANCE.md, bench_push).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tessera-server"));
    QCoreApplication::setApplicationVersion(tessera::productVersion());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The Tessera reference server."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(QStringLiteral("config"),
        QStringLiteral("Read settings from a JSON file."), QStringLiteral("FILE"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
        QStringLiteral("Seed demo people and a demo API key at first start; their passwords go to "
                       "DATA/demo-accounts.json."));
    const QCommandLineOption dataOption(QStringLiteral("data"),
        QStringLiteral("The data folder (database, demo accounts)."), QStringLiteral("DIR"));
    const QCommandLineOption listenOption(QStringLiteral("listen"),
        QStringLiteral("Address and port, 127.0.0.1:8080 by default; port 0 "
                       "picks a free one."),
        QStringLiteral("ADDRESS:PORT"));
    const QCommandLineOption databaseOption(QStringLiteral("database"),
        QStringLiteral("sqlite (the default), sqlite:FILE or postgresql://user@host:port/name."),
        QStringLiteral("DB"));
    const QCommandLineOption nowOption(QStringLiteral("now"),
        QStringLiteral("Start the server's clock at this RFC 3339 time (tests); also "
                       "TESSERA_SERVER_NOW."),
        QStringLiteral("TIME"));
    const QCommandLineOption clockFileOption(QStringLiteral("clock-file"),
        QStringLiteral("Demo and test servers: add the whole seconds this file holds to the "
                       "clock, read again whenever the file changes."),
        QStringLiteral("FILE"));
    const QCommandLineOption costOption(QStringLiteral("password-hash-cost"),
        QStringLiteral("Argon2id cost: interactive (default), moderate, or minimum (tests only)."),
        QStringLiteral("COST"));
    const QCommandLineOption hc1KeyOption(QStringLiteral("hc1-issuer-key"),
        QStringLiteral("A PEM file of EU DCC issuer keys (P-256 public keys or signer "
                       "certificates) HC1 certificates are checked with; may be repeated."),
        QStringLiteral("FILE"));
    const QCommandLineOption analyticsOption(QStringLiteral("analytics-default"),
        QStringLiteral("Analytics for people who have not chosen: on (the default, with opt-out) "
                       "or off."),
        QStringLiteral("on|off"));
    const QCommandLineOption vapidKeyOption(QStringLiteral("vapid-key"),
        QStringLiteral("Web Push: the VAPID key, a P-256 private key in PEM; none: no pushes."),
        QStringLiteral("FILE"));
    const QCommandLineOption vapidSubjectOption(QStringLiteral("vapid-subject"),
        QStringLiteral("Web Push: the VAPID contact, mailto:... or https://..."),
        QStringLiteral("URL"));
    const QCommandLineOption drainOption(QStringLiteral("drain-seconds"),
        QStringLiteral("On SIGTERM, answer /v1/health with 503 draining this long before "
                       "stopping, so that a load balancer notices (0 to 10; 0 by default)."),
        QStringLiteral("SECONDS"));
    parser.addOptions({ configOption, demoOption, dataOption, listenOption, databaseOption,
        nowOption, clockFileOption, costOption, analyticsOption, hc1KeyOption, vapidKeyOption,
        vapidSubjectOption, drainOption });
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument “%1” (see --help)")
                        .arg(parser.positionalArguments().constFirst()));

    QString error;
    ServerConfig config;
    if (parser.isSet(configOption)) {
        auto loaded = ServerConfig::fromFile(parser.value(configOption), &error);
        if (!loaded)
            return fail(error);
        config = *loaded;
    }
    if (parser.isSet(demoOption))
        config.demo = true;
    if (parser.isSet(dataOption))
        config.dataDir = parser.value(dataOption);
    if (config.dataDir.isEmpty() && config.demo)
        config.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (parser.isSet(listenOption) && !config.setListen(parser.value(listenOption), &error))
        return fail(error);
    if (parser.isSet(databaseOption))
        config.database = parser.value(databaseOption);
    if (parser.isSet(costOption)) {
        const auto cost = PasswordHasher::costFromName(parser.value(costOption));
        if (!cost)
            return fail(
                QStringLiteral("--password-hash-cost must be interactive, moderate or minimum"));
        config.passwordHashCost = *cost;
    }
    QString now = parser.value(nowOption);
    if (now.isEmpty())
        now = qEnvironmentVariable("TESSERA_SERVER_NOW");
    if (!now.isEmpty()) {
        config.startTime = tessera::wiretime::parse(now);
        if (!config.startTime)
            return fail(
                QStringLiteral("--now “%1” is not an RFC 3339 time such as 2026-11-29T10:42:00Z")
                    .arg(now));
    }
    if (parser.isSet(clockFileOption))
        config.clockFile = parser.value(clockFileOption);
    if (parser.isSet(analyticsOption)) {
        const QString value = parser.value(analyticsOption);
        if (value != u"on" && value != u"off")
            return fail(QStringLiteral("--analytics-default must be on or off"));
        config.analyticsDefault = value == u"on";
    }
    if (parser.isSet(vapidKeyOption))
        config.vapidKeyFile = parser.value(vapidKeyOption);
    if (parser.isSet(vapidSubjectOption))
        config.vapidSubject = parser.value(vapidSubjectOption);
    if (!readIssuerKeys(parser.values(hc1KeyOption), &config.hc1IssuerKeys, &error))
        return fail(error);
    if (!parser.isSet(configOption) && !config.demo)
        return fail(QStringLiteral("give --config FILE, or --demo for a server with demo data"));

    int drainSeconds = 0;
    if (parser.isSet(drainOption)) {
        bool ok = false;
        drainSeconds = parser.value(drainOption).toInt(&ok);
        if (!ok || drainSeconds < 0 || drainSeconds > ApiServer::maxDrainSeconds)
            return fail(QStringLiteral("--drain-seconds must be a whole number from 0 to 10"));
    }

    ApiServer server(config);
    // The first SIGTERM (or Ctrl-C) drains (ApiServer::drain), then stops; a second stops at once.
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, &app,
        [&server, drainSeconds, stopping = false](int) mutable {
            if (stopping) {
                QCoreApplication::quit();
                return;
            }
            stopping = true;
            say(QStringLiteral("draining"));
            server.drain(drainSeconds, [] {
                say(QStringLiteral("stopping"));
                QCoreApplication::quit();
            });
        });

    if (!server.start(&error))
        return fail(error);
    if (!server.demoAccountsFile().isEmpty())
        say(QStringLiteral("Demo accounts %1: %2")
                .arg(server.demoSeededNow() ? QStringLiteral("created") : QStringLiteral("kept"),
                    server.demoAccountsFile()));
    // The last line at start: scripts and the test harness wait for it.
    say(QStringLiteral("Tessera server %1 listening on %2 (database: %3)")
            .arg(tessera::productVersion(), server.url().toString(), server.storage().kindName()));
    return app.exec();
}
