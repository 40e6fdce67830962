// tessera-cli: command-line client over tessera_core. Parses the command line and runs one
// command; each command lives in its own file.
#include "clicontext.h"
#include "healthcommand.h"
#include "version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <functional>

using namespace tessera;
using namespace tessera::cli;

namespace {

struct Command
{
    QString name;
    QString summary;
    std::function<QFuture<int>(CliContext &)> run;
};

const QList<Command> &commands()
{
    static const QList<Command> all = {
        { QStringLiteral("health"),
            QStringLiteral("Show whether the server answers, its version and its database."),
            runHealth },
    };
    return all;
}

QString commandHelp()
{
    QString text = QStringLiteral("Commands:\n");
    for (const Command &command : commands())
        text += QStringLiteral("  %1  %2\n").arg(command.name, -10).arg(command.summary);
    text += QStringLiteral("\nThe server comes from --server or the TESSERA_SERVER environment "
                           "variable.\nExit codes: 0 done, 1 the server refused or could not be "
                           "reached, 2 wrong usage.\n");
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tessera-cli"));
    QCoreApplication::setApplicationVersion(productVersion());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Tessera command-line client, for QA and scripting.\n\n") + commandHelp());
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
        QStringLiteral("The Tessera server, https://host[:port]."), QStringLiteral("URL"),
        qEnvironmentVariable("TESSERA_SERVER"));
    const QCommandLineOption plainOption(QStringLiteral("allow-plain-http"),
        QStringLiteral("Allow http:// to a loopback address (a local test server)."));
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), QStringLiteral("Print one JSON object per line."));
    parser.addOptions({ serverOption, plainOption, jsonOption });
    parser.addPositionalArgument(
        QStringLiteral("command"), QStringLiteral("What to do (see above)."));
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        std::fputs(qPrintable(parser.helpText()), stderr);
        return ExitCode::Usage;
    }
    const auto command = std::find_if(commands().cbegin(), commands().cend(),
        [&](const Command &c) { return c.name == positional.constFirst(); });
    if (command == commands().cend()) {
        std::fputs(qPrintable(QStringLiteral("tessera-cli: unknown command “%1”\n\n%2")
                                  .arg(positional.constFirst(), commandHelp())),
            stderr);
        return ExitCode::Usage;
    }
    if (positional.size() > 1) {
        std::fputs(
            qPrintable(QStringLiteral("tessera-cli: %1 takes no arguments\n").arg(command->name)),
            stderr);
        return ExitCode::Usage;
    }

    CliContext context(
        parser.value(serverOption), parser.isSet(plainOption), parser.isSet(jsonOption));
    QFuture<int> done = command->run(context);
    if (done.isFinished())
        return done.result();
    done.then(&app, [](int code) { QCoreApplication::exit(code); });
    return app.exec();
}
