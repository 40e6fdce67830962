// tessera-cli: command-line client over tessera_core. Parses the command line and runs one
// command; each command lives in its own file.
#include "admincommand.h"
#include "adminkeyscommand.h"
#include "base/printtext.h"
#include "cardcommand.h"
#include "clicontext.h"
#include "decidecommand.h"
#include "eventscommand.h"
#include "formcommand.h"
#include "healthcommand.h"
#include "homecommand.h"
#include "inboxcommand.h"
#include "logincommand.h"
#include "logoutcommand.h"
#include "newscommand.h"
#include "newspostcommand.h"
#include "notifycommand.h"
#include "passcommand.h"
#include "protocol/version.h"
#include "scancommand.h"
#include "servicescommand.h"
#include "setpasswordcommand.h"
#include "subsystemcommand.h"
#include "watchcommand.h"
#include "whoamicommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <functional>

using namespace tessera;
using namespace tessera::cli;

namespace {

struct Command
{
    QString name; // one or two words: "login", "admin create-local-user"
    QString usage; // the command's own options
    QString summary;
    QStringList options; // the command options it takes (beyond the global ones)
    std::function<QFuture<int>(CliContext &)> run;
    QStringList arguments = {}; // the positional arguments after its name ("ID", "ACTION")
};

// The options of a sub-system command: its API key's, then more.
QStringList subsystemOptions(const QStringList &more = {})
{
    return QStringList { QStringLiteral("api-key-file"), QStringLiteral("key") } + more;
}

const QList<Command> &commands()
{
    static const QList<Command> all = {
        { QStringLiteral("health"), {},
            QStringLiteral("Show whether the server answers, its version and its database."), {},
            runHealth },
        { QStringLiteral("login"), QStringLiteral("--kind ad|local --user NAME"),
            QStringLiteral("Sign in (password on standard input or in TESSERA_PASSWORD)."),
            { QStringLiteral("kind"), QStringLiteral("user") }, runLogin },
        { QStringLiteral("set-password"), QStringLiteral("--user NAME"),
            QStringLiteral("Set a local ID's password (current and new one on two lines of "
                           "standard input, or TESSERA_PASSWORD and TESSERA_NEW_PASSWORD)."),
            { QStringLiteral("user") }, runSetPassword },
        { QStringLiteral("whoami"), {}, QStringLiteral("Show who is signed in."), {}, runWhoami },
        { QStringLiteral("logout"), {},
            QStringLiteral("Sign out: end the session, remove the tokens and local data."), {},
            runLogout },
        { QStringLiteral("admin create-local-user"),
            QStringLiteral("--name NAME --email ADDRESS [--geo GEO] [--role ROLE]... "
                           "[--user-type employee|non_employee]"),
            QStringLiteral("Make a local ID with a temporary password (admins)."),
            { QStringLiteral("name"), QStringLiteral("email"), QStringLiteral("geo"),
                QStringLiteral("role"), QStringLiteral("user-type") },
            runAdminCreateLocalUser },
        { QStringLiteral("admin keys list"), {},
            QStringLiteral("List the sub-systems' API keys, never a key or secret (admins)."), {},
            runAdminKeysList },
        { QStringLiteral("admin keys create"),
            QStringLiteral("--subsystem NAME [--callback-prefix URL]... [--scopes S,S...]"),
            QStringLiteral("Make a sub-system's API key and webhook secret, shown once; every "
                           "scope unless --scopes (admins)."),
            { QStringLiteral("subsystem"), QStringLiteral("callback-prefix"),
                QStringLiteral("scopes") },
            runAdminKeysCreate },
        { QStringLiteral("admin keys rotate"), QStringLiteral("ID [--overlap SECONDS] [--force]"),
            QStringLiteral("A new key and secret under the same id; the old ones work until the "
                           "overlap ends (default 86400 s) (admins)."),
            { QStringLiteral("overlap"), QStringLiteral("force") }, runAdminKeysRotate,
            { QStringLiteral("ID") } },
        { QStringLiteral("admin keys scopes"), QStringLiteral("ID --scopes S,S..."),
            QStringLiteral("Set what a key may do (its scopes), from its next request (admins)."),
            { QStringLiteral("scopes") }, runAdminKeysScopes, { QStringLiteral("ID") } },
        { QStringLiteral("admin keys card-hosts"), QStringLiteral("ID --hosts HOST,HOST..."),
            QStringLiteral("Set the hosts a key's cards may link to; empty: none (admins)."),
            { QStringLiteral("hosts") }, runAdminKeysCardHosts, { QStringLiteral("ID") } },
        { QStringLiteral("admin keys revoke"), QStringLiteral("ID"),
            QStringLiteral("Stop an API key at once (admins)."), {}, runAdminKeysRevoke,
            { QStringLiteral("ID") } },
        { QStringLiteral("home"), {},
            QStringLiteral("Sync Home's cards and list them in Home's order: title, summary and "
                           "source (employees)."),
            {}, runHome },
        { QStringLiteral("news"), {},
            QStringLiteral("Sync the news and list it, pinned first, then newest first: title, "
                           "read mark, summary, category and time (employees)."),
            {}, runNews },
        { QStringLiteral("news read"), QStringLiteral("ID"),
            QStringLiteral("Mark a post read (here at once, then on the server) and print it."), {},
            runNewsRead, { QStringLiteral("ID") } },
        { QStringLiteral("news post"),
            QStringLiteral("POST_ID --title TEXT [--summary TEXT] [--body TEXT | --body-file FILE] "
                           "[--category NAME] [--pinned] (--everyone | --audience-json JSON) "
                           "[--publish-at TIME] [--expires-at TIME]"),
            QStringLiteral("Publish, schedule or replace your news post (publisher role)."),
            { QStringLiteral("title"), QStringLiteral("summary"), QStringLiteral("body"),
                QStringLiteral("body-file"), QStringLiteral("category"), QStringLiteral("pinned"),
                QStringLiteral("everyone"), QStringLiteral("audience-json"),
                QStringLiteral("publish-at"), QStringLiteral("expires-at") },
            runNewsPost, { QStringLiteral("POST_ID") } },
        { QStringLiteral("news withdraw"), QStringLiteral("POST_ID"),
            QStringLiteral("Withdraw your news post from every feed (publisher role)."), {},
            runNewsWithdraw, { QStringLiteral("POST_ID") } },
        { QStringLiteral("news stats"), QStringLiteral("POST_ID"),
            QStringLiteral("How many people your post reaches and how many read it (publisher "
                           "role)."),
            {}, runNewsStats, { QStringLiteral("POST_ID") } },
        { QStringLiteral("inbox"), QStringLiteral("[--unread] [--needs-action]"),
            QStringLiteral("Sync the inbox and list it, newest first (employees)."),
            { QStringLiteral("unread"), QStringLiteral("needs-action") }, runInbox },
        { QStringLiteral("decide"),
            QStringLiteral("ID approve|reject|ACTION [--comment TEXT] [--set INPUT=VALUE...]"),
            QStringLiteral("Decide an inbox item; an item with a card takes its inputs with "
                           "--set, checked as the app checks them; a retry of an unsent decision "
                           "uses the same idempotency key."),
            { QStringLiteral("comment"), QStringLiteral("set") }, runDecide,
            { QStringLiteral("ID"), QStringLiteral("ACTION") } },
        { QStringLiteral("approve"), QStringLiteral("ID [--comment TEXT]"),
            QStringLiteral("Approve an inbox item (decide ID approve)."),
            { QStringLiteral("comment") }, runApprove, { QStringLiteral("ID") } },
        { QStringLiteral("reject"), QStringLiteral("ID --comment TEXT"),
            QStringLiteral("Reject an inbox item, with the reason (decide ID reject)."),
            { QStringLiteral("comment") }, runReject, { QStringLiteral("ID") } },
        { QStringLiteral("services"), {},
            QStringLiteral("Sync the catalogue of services you may use and list it by category "
                           "(employees)."),
            {}, runServices },
        { QStringLiteral("form"), QStringLiteral("SERVICE_ID --set INPUT=VALUE... [--action ID]"),
            QStringLiteral("Fill in a service's form: checked as the app and the server check "
                           "it (exit 1 naming each wrong input), then sent once with an "
                           "idempotency key; prints the submission's id and status."),
            { QStringLiteral("set"), QStringLiteral("action") }, runForm,
            { QStringLiteral("SERVICE_ID") } },
        { QStringLiteral("requests"), {},
            QStringLiteral("Sync My requests and list them with their statuses, newest first."), {},
            runRequests },
        { QStringLiteral("watch"), {},
            QStringLiteral("Sync, then print inbox changes live until Ctrl+C (employees)."), {},
            runWatch },
        { QStringLiteral("notify"),
            QStringLiteral("--to USERID... --title T --body B [--category C] "
                           "[--priority normal|high] [--reference R] "
                           "[--action id:label[:comment]]... [--callback URL | --delivery poll] "
                           "[--idempotency-key K]"),
            QStringLiteral("Send a notification as a sub-system (the API key from "
                           "--api-key-file or TESSERA_API_KEY, as for the commands below)."),
            { QStringLiteral("api-key-file"), QStringLiteral("key"), QStringLiteral("to"),
                QStringLiteral("title"), QStringLiteral("body"), QStringLiteral("category"),
                QStringLiteral("priority"), QStringLiteral("reference"), QStringLiteral("action"),
                QStringLiteral("callback"), QStringLiteral("delivery"),
                QStringLiteral("idempotency-key") },
            runNotify },
        { QStringLiteral("withdraw"), QStringLiteral("ID"),
            QStringLiteral("Withdraw a notification the key sent (sub-systems)."),
            subsystemOptions(), runWithdraw, { QStringLiteral("ID") } },
        { QStringLiteral("deliveries"), QStringLiteral("ID"),
            QStringLiteral("Show a notification's webhook deliveries and their attempts."),
            subsystemOptions(), runDeliveries, { QStringLiteral("ID") } },
        { QStringLiteral("deliveries list"),
            QStringLiteral("[--state pending|delivered|dead] [--cursor C] [--limit N]"),
            QStringLiteral("List the key's webhook deliveries (dead: to redeliver)."),
            subsystemOptions(
                { QStringLiteral("state"), QStringLiteral("cursor"), QStringLiteral("limit") }),
            runDeliveryList },
        { QStringLiteral("notifications"),
            QStringLiteral("[--state S] [--reference R] [--cursor C] [--limit N]"),
            QStringLiteral("List the notifications the key sent, a page at a time."),
            subsystemOptions({ QStringLiteral("state"), QStringLiteral("reference"),
                QStringLiteral("cursor"), QStringLiteral("limit") }),
            runNotifications },
        { QStringLiteral("notification"), QStringLiteral("ID"),
            QStringLiteral("Show one notification the key sent: state, recipients, decision, "
                           "requester and approvals."),
            subsystemOptions(), runNotification, { QStringLiteral("ID") } },
        { QStringLiteral("events"),
            QStringLiteral("[--json] (with a key: [--since CURSOR] [--limit N])"),
            QStringLiteral("Sync your events and list them, upcoming first (employees); with a "
                           "sub-system key, read the key's webhook events feed (decided, "
                           "expired, withdrawn, delivery failed) after a cursor."),
            subsystemOptions({ QStringLiteral("since"), QStringLiteral("limit") }),
            runEventsOrFeed },
        { QStringLiteral("rsvp"), QStringLiteral("ID going|maybe|no"),
            QStringLiteral("Answer an event (here at once, then on the server); prints your "
                           "answer, your place on the waiting list or why not."),
            {}, runRsvp, { QStringLiteral("ID"), QStringLiteral("ANSWER") } },
        { QStringLiteral("event ics"), QStringLiteral("ID FILE"),
            QStringLiteral("Write an event as an iCalendar file (RFC 5545) for a calendar."), {},
            runEventIcs, { QStringLiteral("ID"), QStringLiteral("FILE") } },
        { QStringLiteral("event attendees"), QStringLiteral("EVENT_ID"),
            QStringLiteral("Your event's counts and attendees (organizers, with the key)."),
            subsystemOptions(), runEventAttendees, { QStringLiteral("EVENT_ID") } },
        { QStringLiteral("redeliver"), QStringLiteral("DELIVERY-ID"),
            QStringLiteral("Send a webhook delivery again (a dead-lettered one too)."),
            subsystemOptions(), runRedeliver, { QStringLiteral("DELIVERY-ID") } },
        { QStringLiteral("ping"), QStringLiteral("--callback URL"),
            QStringLiteral("Send a signed test webhook (type ping) to a callback URL now; exit 1 "
                           "when it is not answered 2xx."),
            subsystemOptions({ QStringLiteral("callback") }), runPing },
        { QStringLiteral("pass show"), {},
            QStringLiteral("Show your QR pass in the terminal, with its initials and validity."),
            {}, runPassShow },
        { QStringLiteral("pass png"), QStringLiteral("FILE"),
            QStringLiteral("Write your QR pass's current code to a PNG image."), {}, runPassPng,
            { QStringLiteral("FILE") } },
        { QStringLiteral("scan"), QStringLiteral("FILE --process NAME [--trust TRUSTFILE]"),
            QStringLiteral("Check the pass codes in an image or video file as a scanner "
                           "(scanner role; trust synced first), or signed out with a saved "
                           "trust file; prints JSON verdicts."),
            { QStringLiteral("process"), QStringLiteral("trust") }, runScan,
            { QStringLiteral("FILE") } },
        { QStringLiteral("trust save"), QStringLiteral("FILE"),
            QStringLiteral("Sync the scanner's trust list and save it to FILE, for scan --trust "
                           "(scanner role)."),
            {}, runTrustSave, { QStringLiteral("FILE") } },
        { QStringLiteral("card check"), QStringLiteral("FILE|-"),
            QStringLiteral("Check an Adaptive Card offline (no server): what renders, falls back "
                           "or is dropped, and each problem with its JSON path; exit 1 when it "
                           "is invalid."),
            {}, runCardCheck, { QStringLiteral("FILE") } },
    };
    return all;
}

QString commandHelp()
{
    QString text = QStringLiteral("Commands:\n");
    for (const Command &command : commands()) {
        text += QStringLiteral("  %1  %2\n").arg(command.name, -24).arg(command.summary);
        if (!command.usage.isEmpty())
            text += QStringLiteral("  %1  %2\n").arg(QString(), -24).arg(command.usage);
    }
    text += QStringLiteral(
        "\nThe server comes from --server or the TESSERA_SERVER environment variable; --ca-file "
        "(TESSERA_CA_FILE) adds a CA certificate, --pin (TESSERA_PIN) pins the server's key; "
        "--data (TESSERA_DATA_DIR) is where the session's local data lives. Tokens are kept in "
        "the keyring.\nExit codes: 0 done, 1 the server refused or could not be reached (card "
        "check: the card is invalid), 2 wrong usage.\n");
    return text;
}

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
                           "deliveries:read, deliveries:write, cards:write)."),
            QStringLiteral("SCOPES") },
        { QStringLiteral("hosts"),
            QStringLiteral("admin keys card-hosts: host names separated by commas "
                           "(media.example.com)."),
            QStringLiteral("HOSTS") },
        { QStringLiteral("unread"), QStringLiteral("inbox: only unread items.") },
        { QStringLiteral("set"),
            QStringLiteral("form: one input's value, INPUT=VALUE; repeat for each input."),
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
        { QStringLiteral("to"),
            QStringLiteral("notify: a recipient's user id; repeat, or separate with commas."),
            QStringLiteral("USERID") },
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
