#include "scancommand.h"

#include "clicontext.h"
#include "mediafilesource.h"
#include "scanner.h"
#include "scannersync.h"
#include "scanresult.h"
#include "scanuploader.h"
#include "session.h"
#include "signedinoutput.h"

#include <QJsonDocument>
#include <QVideoSink>

#include <cstdio>
#include <utility>

namespace tessera::cli {

namespace {

// An image gives a frame every 100 ms: this many frames without a code is "no code".
constexpr int imageFramesToTry = 30;

// Everything one scan run needs, alive until it ends.
struct ScanRun
{
    ScanRun(Session &session, const pass::PassVerifier &verifier, const pass::CheckProcess &process)
        : scanner(verifier, process)
        , uploader(session)
    { }

    QVideoSink sink;
    Scanner scanner;
    MediaFileSource source;
    ScanUploader uploader;
    int results = 0;
    int framesWithoutResult = 0;
    bool ending = false;
};

void printLine(const QJsonObject &object)
{
    std::fputs(QJsonDocument(object).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputs("\n", stdout);
    std::fflush(stdout);
}

} // namespace

QFuture<int> runScan(CliContext &context)
{
    const QString file = context.arguments().value(0);
    const QString processName = context.value(QStringLiteral("process"));
    if (processName.isEmpty()) {
        context.printError(QStringLiteral("invalid_request"),
            QStringLiteral("Name the check process: --process NAME (office-entry, ...)."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return whenSignedIn(
        context, [&context, file, processName](Session &signedIn, const Deliver &deliver) {
            Session *session = &signedIn;
            auto *sync = new ScannerSync(*session, session);
            const auto scan = [&context, session, sync, deliver, file, processName]() {
                QString problem;
                const std::optional<pass::PassVerifier> verifier = sync->verifier(&problem);
                if (!verifier) {
                    const QString why = sync->errorMessage().isEmpty()
                        ? problem
                        : problem + QLatin1Char(' ') + sync->errorMessage();
                    context.printError(sync->state() == ScannerSync::State::Stale
                            ? QStringLiteral("trust_stale")
                            : QStringLiteral("trust_unavailable"),
                        why);
                    deliver(ExitCode::Failed);
                    return;
                }
                const std::optional<pass::CheckProcess> process = sync->checkProcess(processName);
                if (!process) {
                    QStringList names;
                    for (const pass::CheckProcess &known : sync->checkProcesses())
                        names.append(known.name);
                    context.printError(QStringLiteral("unknown_process"),
                        QStringLiteral("There is no check process “%1”. Known: %2.")
                            .arg(processName, names.join(QStringLiteral(", "))));
                    deliver(ExitCode::Usage);
                    return;
                }
                auto run = std::make_shared<ScanRun>(*session, *verifier, *process);
                run->scanner.setClock(sync->scannerClock());
                run->scanner.setVideoSink(&run->sink);
                run->source.setVideoSink(&run->sink);
                QString error;
                if (!run->source.open(file, &error)) {
                    context.printError(QStringLiteral("bad_file"), error);
                    deliver(ExitCode::Usage);
                    return;
                }
                // Ends the run: the records go to the server (or stay queued for later).
                const auto end = [&context, run, deliver]() {
                    if (run->ending)
                        return;
                    run->ending = true;
                    run->source.stop();
                    run->scanner.setVideoSink(nullptr);
                    if (run->results == 0) {
                        context.printError(QStringLiteral("no_code"),
                            QStringLiteral("No QR code was found in the file."));
                        deliver(ExitCode::Failed);
                        return;
                    }
                    QObject::connect(&run->uploader, &ScanUploader::finished, &run->uploader,
                        [run, deliver](bool ok) {
                            if (!ok)
                                std::fputs(qPrintable(QStringLiteral(
                                               "tessera-cli: the scan records stay queued on "
                                               "this device: %1\n")
                                                          .arg(run->uploader.errorMessage())),
                                    stderr);
                            deliver(ExitCode::Success);
                        });
                    if (!run->uploader.isUploading())
                        run->uploader.uploadNow();
                };
                const bool image = run->source.kind() == MediaFileSource::Kind::Image;
                QObject::connect(&run->scanner, &Scanner::resultReady, &run->scanner,
                    [run, image, end](const ScanResult &result) {
                        if (run->ending)
                            return;
                        ++run->results;
                        QJsonObject line = result.toJson();
                        line.insert(QStringLiteral("initials"),
                            result.verdict.pass ? result.verdict.pass->initials : QString());
                        line.insert(QStringLiteral("message"), result.verdict.message);
                        printLine(line);
                        run->uploader.record(result);
                        if (image)
                            end();
                    });
                QObject::connect(
                    &run->scanner, &Scanner::frameProcessed, &run->scanner, [run, image, end]() {
                        if (image && run->results == 0
                            && ++run->framesWithoutResult >= imageFramesToTry)
                            end();
                    });
                QObject::connect(
                    &run->source, &MediaFileSource::finished, &run->source, [run, end]() {
                        if (!run->scanner.isBusy()) {
                            end();
                            return;
                        }
                        QObject::connect(&run->scanner, &Scanner::frameProcessed, &run->scanner,
                            end, Qt::SingleShotConnection);
                    });
                QObject::connect(&run->source, &MediaFileSource::errorOccurred, &run->source,
                    [&context, run, deliver](const QString &message) {
                        if (run->ending)
                            return;
                        run->ending = true;
                        context.printError(QStringLiteral("bad_file"), message);
                        deliver(ExitCode::Failed);
                    });
                run->source.start();
            };
            if (!sync->isBusy()) {
                scan();
                return;
            }
            QObject::connect(sync, &ScannerSync::finished, sync, scan, Qt::SingleShotConnection);
        });
}

} // namespace tessera::cli
