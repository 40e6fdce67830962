// tessera-cli: command-line client over tessera_core. Parses the command line and runs one
// command; each command lives in its own file.
#include "base/printtext.h"
#include "clicontext.h"
#include "commandtable.h"
#include "protocol/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <functional>

using namespace tessera;
using namespace tessera::cli;

namespace {

QString environmentOr(const char *name)
{
    return qEnvironmentVariable(name);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tessera-cli"));
    QCoreApplication::setApplicationVersion(productVersion());
    // The core's progress notes are for logs, not for a person at a terminal; QT_LOGGING_RULES
    // still turns them on (it takes precedence over these rules).
    QLoggingCategory::setFilterRules(QStringLiteral("tessera.*.info=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Tessera command-line client, for QA and scripting.\n\n") + commandHelp());
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
        QStringLiteral("The Tessera server, https://host[:port]."), QStringLiteral("URL"),
        qEnvironmentVariable("TESSERA_SERVER"));
    const QCommandLineOption plainOption(QStringLiteral("allow-plain-http"),
        QStringLiteral("Allow http:// to a loopback address (a local test server)."));
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), QStringLiteral("Print one JSON object per line."));
    const QCommandLineOption caOption(QStringLiteral("ca-file"),
        QStringLiteral("Also trust this CA certificate (PEM)."), QStringLiteral("FILE"),
        environmentOr("TESSERA_CA_FILE"));
    const QCommandLineOption pinOption(QStringLiteral("pin"),
        QStringLiteral("Accept only a server with this key: sha256/BASE64 of its public key."),
        QStringLiteral("PIN"), environmentOr("TESSERA_PIN"));
    const QCommandLineOption dataOption(QStringLiteral("data"),
        QStringLiteral("The folder of the session's local data."), QStringLiteral("DIR"),
        environmentOr("TESSERA_DATA_DIR"));
    parser.addOptions({ serverOption, plainOption, jsonOption, caOption, pinOption, dataOption });
    const QList<QCommandLineOption> commandOptions = {
        { QStringLiteral("kind"),
            QStringLiteral("login: ad (network account) or local (local ID)."),
            QStringLiteral("KIND") },
        { QStringLiteral("user"), QStringLiteral("login, set-password: the user name."),
            QStringLiteral("NAME") },
        { QStringLiteral("name"), QStringLiteral("admin create-local-user: the display name."),
            QStringLiteral("NAME") },
        { QStringLiteral("email"), QStringLiteral("admin create-local-user: the e-mail address."),
            QStringLiteral("ADDRESS") },
        { QStringLiteral("geo"), QStringLiteral("admin create-local-user: the site or region."),
            QStringLiteral("GEO") },
        { QStringLiteral("role"),
            QStringLiteral("admin create-local-user: a role (scanner, publisher, admin); repeat "
                           "for more."),
            QStringLiteral("ROLE") },
        { QStringLiteral("user-type"),
            QStringLiteral("admin create-local-user: employee or non_employee (the default)."),
            QStringLiteral("TYPE") },
        { QStringLiteral("subsystem"), QStringLiteral("admin keys create: the sub-system's name."),
            QStringLiteral("NAME") },
        { QStringLiteral("callback-prefix"),
            QStringLiteral("admin keys create: where its webhooks may go (http(s)://host[:port]/"
                           "path); repeat for more."),
            QStringLiteral("URL") },
        { QStringLiteral("overlap"),
            QStringLiteral("admin keys rotate: seconds the old key and secret keep working "
                           "(0 to 604800; 86400 when not given)."),
            QStringLiteral("SECONDS") },
        { QStringLiteral("force"),
            QStringLiteral("admin keys rotate: rotate during a running overlap; the key before "
                           "the current one stops at once.") },
        { QStringLiteral("scopes"),
            QStringLiteral("admin keys create, admin keys scopes: the key's scopes, separated by "
                           "commas (notifications:write, notifications:read, events:read, "
                           "deliveries:read, deliveries:write, cards:write, services:write, "
                           "submissions:read, news:write, events:write)."),
            QStringLiteral("SCOPES") },
        { QStringLiteral("hosts"),
            QStringLiteral("admin keys card-hosts: host names separated by commas "
                           "(media.example.com)."),
            QStringLiteral("HOSTS") },
        { QStringLiteral("unread"), QStringLiteral("inbox: only unread items.") },
        { QStringLiteral("show"), QStringLiteral("attest: show today's answer.") },
        { QStringLiteral("csv"), QStringLiteral("survey results: write the CSV export to FILE."),
            QStringLiteral("FILE") },
        { QStringLiteral("set"),
            QStringLiteral("form, decide, survey answer: one input's value, INPUT=VALUE; repeat "
                           "for each input."),
            QStringLiteral("INPUT=VALUE") },
        { QStringLiteral("needs-action"),
            QStringLiteral("inbox: only items waiting for a decision.") },
        { QStringLiteral("comment"),
            QStringLiteral("decide, approve, reject: a comment with the decision."),
            QStringLiteral("TEXT") },
        { QStringLiteral("api-key-file"),
            QStringLiteral("notify and the other sub-system commands: a file whose first line "
                           "is the sub-system's API key (else TESSERA_API_KEY)."),
            QStringLiteral("FILE") },
        { QStringLiteral("key"),
            QStringLiteral("sub-system commands: the API key itself (other users see it in the "
                           "process list: prefer --api-key-file or TESSERA_API_KEY)."),
            QStringLiteral("KEY") },
        { QStringLiteral("state"),
            QStringLiteral("notifications (open, decided, withdrawn, expired), deliveries list "
                           "(pending, delivered, dead): only this state."),
            QStringLiteral("STATE") },
        { QStringLiteral("cursor"),
            QStringLiteral("notifications, deliveries list: the page after this cursor (from the "
                           "last page)."),
            QStringLiteral("CURSOR") },
        { QStringLiteral("limit"),
            QStringLiteral("notifications, events, deliveries list: at most N a page."),
            QStringLiteral("N") },
        { QStringLiteral("since"),
            QStringLiteral("events: the events after this cursor (none: from the start)."),
            QStringLiteral("CURSOR") },
        { QStringLiteral("from"), QStringLiteral("admin analytics: the first day (YYYY-MM-DD)."),
            QStringLiteral("DAY") },
        { QStringLiteral("to"),
            QStringLiteral("notify: a recipient's user id; repeat, or separate with commas. "
                           "admin analytics: the last day (YYYY-MM-DD)."),
            QStringLiteral("USERID|DAY") },
        { QStringLiteral("title"), QStringLiteral("notify, news post: the title."),
            QStringLiteral("TEXT") },
        { QStringLiteral("body"),
            QStringLiteral("notify: the text; news post: the body (Adaptive Cards markdown)."),
            QStringLiteral("TEXT") },
        { QStringLiteral("category"),
            QStringLiteral("notify: the category (\"general\"); news post: its category."),
            QStringLiteral("NAME") },
        { QStringLiteral("summary"), QStringLiteral("news post: the summary (plain text)."),
            QStringLiteral("TEXT") },
        { QStringLiteral("body-file"), QStringLiteral("news post: read the body from this file."),
            QStringLiteral("FILE") },
        { QStringLiteral("pinned"), QStringLiteral("news post: pin it at the top of the news.") },
        { QStringLiteral("everyone"), QStringLiteral("news post: for everyone.") },
        { QStringLiteral("audience-json"),
            QStringLiteral("news post: who sees it, an Audience object ({\"departments\":"
                           "[\"Operations\"]}, docs/INTEGRATION.md)."),
            QStringLiteral("JSON") },
        { QStringLiteral("publish-at"),
            QStringLiteral("news post: when it appears (RFC 3339; later than now schedules it)."),
            QStringLiteral("TIME") },
        { QStringLiteral("expires-at"),
            QStringLiteral("news post: when it leaves the news (RFC 3339)."),
            QStringLiteral("TIME") },
        { QStringLiteral("priority"), QStringLiteral("notify: normal (the default) or high."),
            QStringLiteral("PRIORITY") },
        { QStringLiteral("reference"),
            QStringLiteral("notify: the sub-system's own reference, sent back with decisions "
                           "(by default cli- and the idempotency key); notifications: only "
                           "this reference."),
            QStringLiteral("REF") },
        { QStringLiteral("action"),
            QStringLiteral("notify: an action id:label, :comment at the end when it needs a "
                           "comment; repeat for more. Any action makes it actionable. form: "
                           "the submit action's id or verb (when the form has more than one)."),
            QStringLiteral("ACTION") },
        { QStringLiteral("callback"),
            QStringLiteral("notify: where the decision's webhook goes; ping: where to send it."),
            QStringLiteral("URL") },
        { QStringLiteral("delivery"),
            QStringLiteral("notify: webhook (the default: actions need --callback) or poll (the "
                           "decision waits in the sub-system's events feed)."),
            QStringLiteral("MODE") },
        { QStringLiteral("idempotency-key"),
            QStringLiteral("notify: the Idempotency-Key (a new one when not given)."),
            QStringLiteral("KEY") },
        { QStringLiteral("process"),
            QStringLiteral("scan: the check process (office-entry, medical-check, ...)."),
            QStringLiteral("NAME") },
        { QStringLiteral("trust"),
            QStringLiteral("scan: check with this saved trust file (trust save), signed out; "
                           "nothing is uploaded."),
            QStringLiteral("TRUSTFILE") },
        { QStringLiteral("vaccine"),
            QStringLiteral("health add: the vaccine's code (EU/1/20/1528, ...)."),
            QStringLiteral("CODE") },
        { QStringLiteral("dose"), QStringLiteral("health add: the dose number (1 to 10)."),
            QStringLiteral("N") },
        { QStringLiteral("date"), QStringLiteral("health add: the day of the dose (YYYY-MM-DD)."),
            QStringLiteral("DATE") },
        { QStringLiteral("country"),
            QStringLiteral("health add: where it was given (ISO 3166-1 alpha-2: IN, DE, ...)."),
            QStringLiteral("CC") },
        { QStringLiteral("certificate"),
            QStringLiteral("health add: a PNG/JPEG photo, a PDF or an HC1: text file (5 MiB at"
                           " most), sent with the dose."),
            QStringLiteral("FILE") },
    };
    parser.addOptions(commandOptions);
    parser.addPositionalArgument(
        QStringLiteral("command"), QStringLiteral("What to do (see above)."));
    // parse(), not process(): an unknown option is wrong usage (exit 2), like the rest.
    if (!parser.parse(QCoreApplication::arguments())) {
        printText(stderr, qPrintable(QStringLiteral("tessera-cli: %1\n").arg(parser.errorText())));
        return ExitCode::Usage;
    }
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption))
        parser.showVersion();

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        printText(stderr, qPrintable(parser.helpText()));
        return ExitCode::Usage;
    }
    // The longest command name (in words) that the positional arguments start with.
    const Command *command = nullptr;
    for (const Command &candidate : commands()) {
        const QStringList words = candidate.name.split(QLatin1Char(' '));
        if (positional.mid(0, words.size()) == words
            && (!command || words.size() > command->name.count(QLatin1Char(' ')) + 1))
            command = &candidate;
    }
    if (!command) {
        printText(stderr,
            qPrintable(QStringLiteral("tessera-cli: unknown command “%1”\n\n%2")
                           .arg(positional.join(QLatin1Char(' ')), commandHelp())));
        return ExitCode::Usage;
    }
    const qsizetype nameWords = command->name.count(QLatin1Char(' ')) + 1;
    if (positional.size() != nameWords + command->arguments.size()) {
        const QString problem = command->arguments.isEmpty()
            ? QStringLiteral("tessera-cli: %1 takes no arguments\n").arg(command->name)
            : QStringLiteral("tessera-cli: usage: %1 %2\n").arg(command->name, command->usage);
        printText(stderr, qPrintable(problem));
        return ExitCode::Usage;
    }

    CliOptions options;
    options.server = parser.value(serverOption);
    options.allowPlainHttp = parser.isSet(plainOption);
    options.json = parser.isSet(jsonOption);
    options.caFile = parser.value(caOption);
    options.pin = parser.value(pinOption);
    options.dataDir = parser.value(dataOption);
    options.arguments = positional.mid(nameWords);
    for (const QCommandLineOption &option : commandOptions) {
        const QString name = option.names().constFirst();
        if (!parser.isSet(option))
            continue;
        if (!command->options.contains(name)) {
            printText(stderr,
                qPrintable(QStringLiteral("tessera-cli: %1 does not take --%2\n")
                               .arg(command->name, name)));
            return ExitCode::Usage;
        }
        options.values.insert(name, parser.values(option));
    }
    CliContext context(options);
    QFuture<int> done = command->run(context);
    if (done.isFinished())
        return done.result();
    done.then(&app, [](int code) { QCoreApplication::exit(code); });
    return app.exec();
}
