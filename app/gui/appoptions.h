#pragma once

#include "appsettings.h"
#include "net/serverendpoint.h"

#include <QSize>
#include <QString>

#include <optional>

class QCoreApplication;

namespace tessera {

// The app's command line, parsed once by the composition root.
class AppOptions
{
public:
    QString serverUrl;
    ServerEndpoint::PlainHttp plainHttp = ServerEndpoint::PlainHttp::Refuse;
    std::optional<AppSettings::Theme> theme; // unset: keep the default (System)
    std::optional<QSize> windowSize;
    QString screenshotFile; // empty: no screenshot
    bool selfTest = false;
    QString dataDir; // empty: the standard application data folder
    // QA (screenshots, demos): sign in as KIND:USER once no saved session is found; the password
    // comes from $TESSERA_PASSWORD, never from the command line.
    QString signInKind;
    QString signInUser;
    // QA: the destination the shell opens first (home, inbox, services, requests, pass, ...).
    QString startPage;
    // QA: with --page scanner, the pass image or video file to check once passes can be checked,
    // and the check process to apply (empty: the one chosen last).
    QString scanFile;
    QString scanProcess;
    bool scanDismiss = false; // dismiss the verdict at once (the recent scans come into view)
    // QA: show this Adaptive Card file alone (no server, no sign-in); with screenshotFile, save
    // it and exit (non-zero on an invalid card or any QML warning).
    QString cardFile;
    bool cardValidate = false; // validate every input of the card first (its errors show)

    // Parses app's arguments; on an error prints it with the usage and answers nullopt.
    // --help and --version print and exit as usual.
    static std::optional<AppOptions> parse(const QCoreApplication &app);

    static constexpr auto defaultServer = "https://localhost:8443";
};

} // namespace tessera
