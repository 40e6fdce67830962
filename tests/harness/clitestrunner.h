#pragma once

#include "childprocess.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <functional>

namespace tessera::test {

// What the tessera-cli tests share: the environment a run of the CLI gets, and reading its
// `--json` output (one JSON object a line; warnings on stderr may stand between them).

// The JSON object lines of output, in order (other lines left out).
QList<QJsonObject> jsonLines(const QByteArray &output);
// The last JSON object line of output, or an empty object.
QJsonObject lastJson(const QByteArray &output);
// The "error"."code" of the last JSON object line, or empty.
QString errorCode(const QByteArray &output);

// This process's environment without the variables tessera-cli reads (TESSERA_SERVER,
// TESSERA_PASSWORD, TESSERA_NEW_PASSWORD, TESSERA_CA_FILE, TESSERA_PIN, TESSERA_DATA_DIR,
// TESSERA_API_KEY), then TESSERA_SERVER=server, TESSERA_CA_FILE=caFile (when given) and env.
QProcessEnvironment cliEnvironment(
    const QUrl &server, const QString &caFile = {}, const QMap<QString, QString> &env = {});

class ServerProcess;

// Runs tessera-cli for a test, one process a command, as a person would against the test's
// server: the environment of cliEnvironment (the server's address read at each run, since a test
// may restart its server on another port), then leadingArguments, --json, --data DIR, the
// command. E.g. CliRunner m_cli { QStringLiteral(TESSERA_CLI_BINARY), [this] { return
// m_server.url(); } }, and m_cli.caFile = ... once the CA is made.
struct CliRunner
{
    CliRunner(const QString &cliBinary, const std::function<QUrl()> &serverUrl,
        const QStringList &leading = {}, const QMap<QString, QString> &environmentDefaults = {});

    QString binary; // tessera-cli
    std::function<QUrl()> server;
    QString caFile; // TESSERA_CA_FILE when not empty
    QStringList leadingArguments; // before all others (e.g. --allow-plain-http)
    QMap<QString, QString> defaultEnvironment; // unless a run's env sets the same variable

    // leadingArguments, --json (when json), --data dataDir (when not empty), then arguments.
    QStringList arguments(
        const QString &dataDir, const QStringList &arguments, bool json = true) const;
    // cliEnvironment for the server's current address, with defaultEnvironment and env.
    QProcessEnvironment environment(const QMap<QString, QString> &env = {}) const;
    // Runs one command to its end (at most two minutes), input on its standard input.
    RunResult run(const QString &dataDir, const QStringList &arguments,
        const QMap<QString, QString> &env = {}, bool json = true,
        const QByteArray &input = {}) const;
    // Starts a command that runs until stopped (watch) in process.
    bool start(ChildProcess &process, const QString &dataDir, const QStringList &arguments,
        const QMap<QString, QString> &env = {}) const;
    // Signs the demo local account displayName of demoServer in, in dataDir (its password in
    // TESSERA_PASSWORD); on failure warns with the CLI's output and answers false.
    bool login(
        const QString &dataDir, const ServerProcess &demoServer, const QString &displayName) const;

    // login --kind local --user user
    static QStringList loginArguments(const QString &user);
};

} // namespace tessera::test
