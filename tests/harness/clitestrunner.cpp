#include "clitestrunner.h"

#include "demoaccounts.h"
#include "serverprocess.h"

#include <QJsonDocument>

namespace tessera::test {

QList<QJsonObject> jsonLines(const QByteArray &output)
{
    QList<QJsonObject> objects;
    const QList<QByteArray> lines = output.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith('{'))
            objects.append(QJsonDocument::fromJson(line).object());
    }
    return objects;
}

QJsonObject lastJson(const QByteArray &output)
{
    const QList<QJsonObject> objects = jsonLines(output);
    return objects.isEmpty() ? QJsonObject() : objects.constLast();
}

QString errorCode(const QByteArray &output)
{
    return lastJson(output)
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

QProcessEnvironment cliEnvironment(
    const QUrl &server, const QString &caFile, const QMap<QString, QString> &env)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "TESSERA_SERVER", "TESSERA_PASSWORD", "TESSERA_NEW_PASSWORD",
             "TESSERA_CA_FILE", "TESSERA_PIN", "TESSERA_DATA_DIR", "TESSERA_API_KEY" })
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("TESSERA_SERVER"), server.toString());
    if (!caFile.isEmpty())
        environment.insert(QStringLiteral("TESSERA_CA_FILE"), caFile);
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        environment.insert(it.key(), it.value());
    return environment;
}

CliRunner::CliRunner(const QString &cliBinary, const std::function<QUrl()> &serverUrl,
    const QStringList &leading, const QMap<QString, QString> &environmentDefaults)
    : binary(cliBinary)
    , server(serverUrl)
    , leadingArguments(leading)
    , defaultEnvironment(environmentDefaults)
{ }

QStringList CliRunner::arguments(
    const QString &dataDir, const QStringList &arguments, bool json) const
{
    QStringList all = leadingArguments;
    if (json)
        all << QStringLiteral("--json");
    if (!dataDir.isEmpty())
        all << QStringLiteral("--data") << dataDir;
    all << arguments;
    return all;
}

QProcessEnvironment CliRunner::environment(const QMap<QString, QString> &env) const
{
    QMap<QString, QString> variables = defaultEnvironment;
    variables.insert(env);
    return cliEnvironment(server(), caFile, variables);
}

RunResult CliRunner::run(const QString &dataDir, const QStringList &arguments,
    const QMap<QString, QString> &env, bool json, const QByteArray &input) const
{
    return runProgram(binary, this->arguments(dataDir, arguments, json), std::chrono::seconds(120),
        input, environment(env));
}

bool CliRunner::start(ChildProcess &process, const QString &dataDir, const QStringList &arguments,
    const QMap<QString, QString> &env) const
{
    return process.start(binary, this->arguments(dataDir, arguments), environment(env));
}

bool CliRunner::login(
    const QString &dataDir, const ServerProcess &demoServer, const QString &displayName) const
{
    const QJsonObject account = demoAccount(demoServer, displayName);
    const RunResult result =
        run(dataDir, loginArguments(account.value(QStringLiteral("username")).toString()),
            { { QStringLiteral("TESSERA_PASSWORD"),
                account.value(QStringLiteral("password")).toString() } });
    if (result.exitCode != 0)
        qWarning("login %s: %s", qPrintable(displayName), result.output.constData());
    return result.exitCode == 0;
}

QStringList CliRunner::loginArguments(const QString &user)
{
    return { QStringLiteral("login"), QStringLiteral("--kind"), QStringLiteral("local"),
        QStringLiteral("--user"), user };
}

} // namespace tessera::test
