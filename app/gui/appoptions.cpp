#include "appoptions.h"

#include "base/printtext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

#include <cstdio>

namespace tessera {

namespace {

std::optional<QSize> parseSize(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    const QSize size(match.captured(1).toInt(), match.captured(2).toInt());
    if (size.width() < 100 || size.height() < 100 || size.width() > 10000 || size.height() > 10000)
        return std::nullopt;
    return size;
}

} // namespace

std::optional<AppOptions> AppOptions::parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("AppOptions", "Tessera, the employee companion app."));
    parser.addHelpOption();
    parser.addVersionOption();

    const QString envServer = qEnvironmentVariable("TESSERA_SERVER");
    const QString fallbackServer =
        envServer.isEmpty() ? QString::fromLatin1(defaultServer) : envServer;
    const QCommandLineOption server(QStringLiteral("server"),
        QCoreApplication::translate("AppOptions",
            "Address of the Tessera server (default: $TESSERA_SERVER, "
            "else %1).")
            .arg(QString::fromLatin1(defaultServer)),
        QStringLiteral("URL"), fallbackServer);
    const QCommandLineOption allowPlainHttp(QStringLiteral("allow-plain-http"),
        QCoreApplication::translate("AppOptions",
            "Allow an http:// server address, on a loopback address "
            "only (QA against a local reference server)."));
    const QCommandLineOption theme(QStringLiteral("theme"),
        QCoreApplication::translate("AppOptions", "Colour theme: light, dark or system."),
        QStringLiteral("light|dark|system"));
    const QCommandLineOption size(QStringLiteral("size"),
        QCoreApplication::translate("AppOptions", "Initial window size, e.g. 390x844."),
        QStringLiteral("WxH"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QCoreApplication::translate("AppOptions",
            "Save a PNG of the window once it is shown and the server status is known "
            "(at most ~5 s), then exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption selfTest(QStringLiteral("self-test"),
        QCoreApplication::translate("AppOptions",
            "Load every QML page, report QML warnings and errors, exit "
            "non-zero if there were any."));
    const QCommandLineOption data(QStringLiteral("data"),
        QCoreApplication::translate("AppOptions",
            "Folder of this installation's data (settings, encrypted database; default: the "
            "standard application data folder). Each folder is its own installation."),
        QStringLiteral("DIR"));
    const QCommandLineOption signIn(QStringLiteral("sign-in"),
        QCoreApplication::translate("AppOptions",
            "QA: sign in as KIND:USER (KIND is ad or local) when no saved sign-in is found; "
            "the password comes from $TESSERA_PASSWORD."),
        QStringLiteral("KIND:USER"));
    const QCommandLineOption page(QStringLiteral("page"),
        QCoreApplication::translate("AppOptions",
            "QA: once signed in, open this page first: home, inbox, inbox-detail (the first "
            "item's page), news, news-post (the first post's page), events (News's events), event "
            "(the first event's page), surveys, survey (the first survey's page), services, "
            "requests (My "
            "requests), pass, scanner, profile, my-data, my-devices, health (Profile's My data, My "
            "devices and Health records) or sign-out (the profile asking \"Sign out?\")."),
        QStringLiteral("NAME"));
    const QCommandLineOption scan(QStringLiteral("scan"),
        QCoreApplication::translate("AppOptions",
            "QA: with --page scanner, check this image or video file of a pass once passes can be "
            "checked, as if opened with \"Open image or video…\"."),
        QStringLiteral("FILE"));
    const QCommandLineOption scanProcess(QStringLiteral("scan-process"),
        QCoreApplication::translate("AppOptions",
            "QA: with --scan, the check process to apply (default: the one chosen last)."),
        QStringLiteral("NAME"));
    const QCommandLineOption scanDismiss(QStringLiteral("scan-dismiss"),
        QCoreApplication::translate("AppOptions",
            "QA: with --scan, dismiss the verdict as soon as it is shown, as a tap would (the "
            "recent scans come into view; a screenshot waits for them)."));
    const QCommandLineOption card(QStringLiteral("card"),
        QCoreApplication::translate("AppOptions",
            "QA: show this Adaptive Card (a JSON file) alone, without a server; with --screenshot, "
            "save it and exit, non-zero when the card is invalid or QML logged a warning."),
        QStringLiteral("FILE"));
    const QCommandLineOption cardValidate(QStringLiteral("card-validate"),
        QCoreApplication::translate("AppOptions",
            "QA: with --card, validate every input of the card before it is shown, as a Submit "
            "would (the inline errors show)."));
    parser.addOptions({ server, allowPlainHttp, theme, size, screenshot, selfTest, data, signIn,
        page, scan, scanProcess, scanDismiss, card, cardValidate });
    parser.process(app);

    const auto fail = [&parser](const QString &message) -> std::optional<AppOptions> {
        printText(stderr,
            qPrintable(QStringLiteral("tessera: %1\n\n%2").arg(message, parser.helpText())));
        return std::nullopt;
    };

    if (!parser.positionalArguments().isEmpty())
        return fail(QCoreApplication::translate("AppOptions", "unexpected argument: %1")
                        .arg(parser.positionalArguments().constFirst()));

    AppOptions options;
    options.serverUrl = parser.value(server).trimmed();
    if (parser.isSet(allowPlainHttp))
        options.plainHttp = ServerEndpoint::PlainHttp::AllowOnLoopback;
    if (parser.isSet(theme)) {
        options.theme = AppSettings::parseTheme(parser.value(theme));
        if (!options.theme)
            return fail(QCoreApplication::translate(
                "AppOptions", "--theme takes light, dark or system, not \"%1\"")
                            .arg(parser.value(theme)));
    }
    if (parser.isSet(size)) {
        options.windowSize = parseSize(parser.value(size));
        if (!options.windowSize)
            return fail(QCoreApplication::translate(
                "AppOptions", "--size takes WIDTHxHEIGHT in pixels, not \"%1\"")
                            .arg(parser.value(size)));
    }
    options.screenshotFile = parser.value(screenshot);
    if (parser.isSet(screenshot) && options.screenshotFile.isEmpty())
        return fail(QCoreApplication::translate("AppOptions", "--screenshot needs a file name"));
    options.selfTest = parser.isSet(selfTest);
    options.dataDir = parser.value(data);
    if (parser.isSet(data) && options.dataDir.isEmpty())
        return fail(QCoreApplication::translate("AppOptions", "--data needs a folder"));
    if (parser.isSet(signIn)) {
        const QString value = parser.value(signIn);
        const qsizetype colon = value.indexOf(u':');
        options.signInKind = value.left(colon);
        options.signInUser = colon < 0 ? QString() : value.mid(colon + 1).trimmed();
        if ((options.signInKind != u"ad" && options.signInKind != u"local")
            || options.signInUser.isEmpty())
            return fail(QCoreApplication::translate(
                "AppOptions", "--sign-in takes ad:USER or local:ID, not \"%1\"")
                            .arg(value));
        if (!qEnvironmentVariableIsSet("TESSERA_PASSWORD"))
            return fail(QCoreApplication::translate(
                "AppOptions", "--sign-in needs the password in $TESSERA_PASSWORD"));
    }
    options.startPage = parser.value(page);
    static const QStringList pages = { QStringLiteral("home"), QStringLiteral("inbox"),
        QStringLiteral("inbox-detail"), QStringLiteral("news"), QStringLiteral("news-post"),
        QStringLiteral("events"), QStringLiteral("event"), QStringLiteral("surveys"),
        QStringLiteral("survey"), QStringLiteral("attest"), QStringLiteral("services"),
        QStringLiteral("requests"), QStringLiteral("pass"), QStringLiteral("scanner"),
        QStringLiteral("profile"), QStringLiteral("my-data"), QStringLiteral("my-devices"),
        QStringLiteral("health"), QStringLiteral("sign-out") };
    if (parser.isSet(page) && !pages.contains(options.startPage))
        return fail(QCoreApplication::translate("AppOptions",
            "--page takes home, inbox, inbox-detail, news, news-post, events, event, surveys, "
            "survey, attest, "
            "services, "
            "requests, pass, "
            "scanner, profile, my-data, my-devices, health or sign-out, not \"%1\"")
                        .arg(options.startPage));
    options.scanFile = parser.value(scan);
    options.scanProcess = parser.value(scanProcess).trimmed();
    if (parser.isSet(scan)) {
        if (options.startPage != u"scanner")
            return fail(QCoreApplication::translate("AppOptions", "--scan needs --page scanner"));
        if (!QFileInfo(options.scanFile).isFile())
            return fail(QCoreApplication::translate("AppOptions", "--scan: no such file: \"%1\"")
                            .arg(options.scanFile));
        options.scanFile = QFileInfo(options.scanFile).absoluteFilePath();
    }
    if (parser.isSet(scanProcess) && (!parser.isSet(scan) || options.scanProcess.isEmpty()))
        return fail(QCoreApplication::translate(
            "AppOptions", "--scan-process needs a process name and --scan"));
    options.scanDismiss = parser.isSet(scanDismiss);
    if (options.scanDismiss && !parser.isSet(scan))
        return fail(QCoreApplication::translate("AppOptions", "--scan-dismiss needs --scan"));
    options.cardFile = parser.value(card);
    options.cardValidate = parser.isSet(cardValidate);
    if (options.cardValidate && !parser.isSet(card))
        return fail(QCoreApplication::translate("AppOptions", "--card-validate needs --card"));
    if (parser.isSet(card)) {
        if (!QFileInfo(options.cardFile).isFile())
            return fail(QCoreApplication::translate("AppOptions", "--card: no such file: \"%1\"")
                            .arg(options.cardFile));
        if (options.selfTest || parser.isSet(signIn) || parser.isSet(page))
            return fail(QCoreApplication::translate(
                "AppOptions", "--card cannot be used with --self-test, --sign-in or --page"));
    }
    if (options.selfTest && !options.screenshotFile.isEmpty())
        return fail(QCoreApplication::translate(
            "AppOptions", "--self-test and --screenshot cannot be used together"));
    return options;
}

} // namespace tessera
