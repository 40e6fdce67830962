#include "commandtable.h"

#include "admincommand.h"
#include "adminkeyscommand.h"
#include "analyticscommand.h"
#include "attestcommand.h"
#include "cardcommand.h"
#include "decidecommand.h"
#include "devicescommand.h"
#include "eventscommand.h"
#include "formcommand.h"
#include "healthcommand.h"
#include "homecommand.h"
#include "inboxcommand.h"
#include "logincommand.h"
#include "logoutcommand.h"
#include "medicalcommand.h"
#include "newscommand.h"
#include "newspostcommand.h"
#include "notifycommand.h"
#include "passcommand.h"
#include "privacycommand.h"
#include "scancommand.h"
#include "servicescommand.h"
#include "setpasswordcommand.h"
#include "statuscommand.h"
#include "subsystemcommand.h"
#include "surveyscommand.h"
#include "watchcommand.h"
#include "whoamicommand.h"

namespace tessera::cli {

namespace {

// The options of a sub-system command: its API key's, then more.
QStringList subsystemOptions(const QStringList &more = {})
{
    return QStringList { QStringLiteral("api-key-file"), QStringLiteral("key") } + more;
}

} // namespace

const QList<Command> &commands()
{
    static const QList<Command> all = {
        { QStringLiteral("status"), {},
            QStringLiteral("Show whether the server answers, its version and its database."), {},
            runStatus },
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
        { QStringLiteral("surveys"), {},
            QStringLiteral("Sync the surveys and list them, open ones first (employees)."), {},
            runSurveys },
        { QStringLiteral("attest"),
            QStringLiteral("--set INPUT=VALUE... [--action ACTION] | --show"),
            QStringLiteral("Answer today's attestation once (checked as the app checks it; kept "
                           "on this device until sent), or show today's answer."),
            { QStringLiteral("set"), QStringLiteral("action"), QStringLiteral("show") },
            runAttest },
        { QStringLiteral("survey answer"), QStringLiteral("ID --set INPUT=VALUE..."),
            QStringLiteral("Answer a survey (checked as the app checks it)."),
            { QStringLiteral("set") }, runSurveyAnswer, { QStringLiteral("ID") } },
        { QStringLiteral("survey results"), QStringLiteral("SURVEY_ID [--csv FILE]"),
            QStringLiteral("A survey's results (sub-system key); --csv FILE: the CSV export."),
            subsystemOptions({ QStringLiteral("csv") }), runSurveyResults,
            { QStringLiteral("ID") } },
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
        { QStringLiteral("devices"), {},
            QStringLiteral("List your devices: model, app, last seen, signed in or out."), {},
            runDevices },
        { QStringLiteral("devices sign-out"), QStringLiteral("ID"),
            QStringLiteral("Sign one of your devices out (its tokens and passes revoked)."), {},
            runDevicesSignOut, { QStringLiteral("ID") } },
        { QStringLiteral("health"), {},
            QStringLiteral("List your vaccination records and their state."), {}, runHealth },
        { QStringLiteral("health add"),
            QStringLiteral("--vaccine CODE --dose N --date YYYY-MM-DD --country CC "
                           "[--certificate FILE]"),
            QStringLiteral("Register a vaccination dose (the medical staff verify it)."),
            { QStringLiteral("vaccine"), QStringLiteral("dose"), QStringLiteral("date"),
                QStringLiteral("country"), QStringLiteral("certificate") },
            runHealthAdd },
        { QStringLiteral("medical pending"), {},
            QStringLiteral("Records waiting for a decision (medical role)."), {},
            runMedicalPending },
        { QStringLiteral("medical verify"), QStringLiteral("ID"),
            QStringLiteral("Verify a record: the person's pass shows it (medical role)."), {},
            runMedicalVerify, { QStringLiteral("ID") } },
        { QStringLiteral("medical reject"), QStringLiteral("ID --comment TEXT"),
            QStringLiteral("Reject a record with the reason the person reads (medical role)."),
            { QStringLiteral("comment") }, runMedicalReject, { QStringLiteral("ID") } },
        { QStringLiteral("analytics"), QStringLiteral("on|off"),
            QStringLiteral("This installation's analytics consent; off also drops its events on "
                           "the server."),
            {}, runAnalytics, { QStringLiteral("CHOICE") } },
        { QStringLiteral("admin analytics"), QStringLiteral("[--from DAY] [--to DAY]"),
            QStringLiteral("The daily analytics counts, the last 30 days unless told (admins)."),
            { QStringLiteral("from"), QStringLiteral("to") }, runAdminAnalytics },
        { QStringLiteral("privacy export"), QStringLiteral("FILE"),
            QStringLiteral("Save everything the server holds about you as one JSON file."), {},
            runPrivacyExport, { QStringLiteral("FILE") } },
        { QStringLiteral("privacy request"), QStringLiteral("correction|deletion --comment T"),
            QStringLiteral("Ask the privacy officers to correct your data or delete it."),
            { QStringLiteral("comment") }, runPrivacyRequest, { QStringLiteral("KIND") } },
        { QStringLiteral("privacy requests"), {},
            QStringLiteral("List your privacy requests with their states, newest first."), {},
            runPrivacyRequests },
        { QStringLiteral("account delete"), {},
            QStringLiteral("Delete your own account (a local ID; the password from "
                           "TESSERA_PASSWORD or standard input)."),
            {}, runAccountDelete },
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

} // namespace tessera::cli
