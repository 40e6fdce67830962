#include "scancommand.h"

#include "base/printtext.h"
#include "clicontext.h"
#include "identity/session.h"
#include "protocol/wiretime.h"
#include "scanner/mediafilesource.h"
#include "scanner/scanner.h"
#include "scanner/scannersync.h"
#include "scanner/scanresult.h"
#include "scanner/scanuploader.h"
#include "services/clientstack.h"
#include "signedinoutput.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QVideoSink>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <utility>

namespace tessera::cli {

namespace {

// An image gives a frame every 100 ms: this many frames without a code is "no code".
constexpr int imageFramesToTry = 30;

// The session's client stack with only the given feature.
std::unique_ptr<ClientStack> stackWith(
    CliContext &context, Session &session, ClientStack::Feature feature)
{
    ClientStack::Options options;
    options.features = feature;
    return std::make_unique<ClientStack>(session, *context.secretStore(), options);
}

// Everything one scan run needs, alive until it ends. Without a session (--trust) nothing is
// uploaded.
struct ScanRun
{
    ScanRun(CliContext &context, Session *session, const pass::PassVerifier &verifier,
        const pass::CheckProcess &process)
        : scanner(verifier, process)
        , uploads(
              session ? stackWith(context, *session, ClientStack::Feature::ScanUploads) : nullptr)
        , uploader(uploads ? uploads->part<ScanUploader>() : nullptr)
    { }

    QVideoSink sink;
    Scanner scanner;
    MediaFileSource source;
    std::unique_ptr<ClientStack> uploads;
    ScanUploader *uploader = nullptr;
    int results = 0;
    int framesWithoutResult = 0;
    bool ending = false;
};

void printLine(const QJsonObject &object)
{
    printText(stdout,
        QByteArray(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n').constData());
}

// The message of a missing check process, naming the known ones.
void printUnknownProcess(
    CliContext &context, const QString &name, const QList<pass::CheckProcess> &known)
{
    QStringList names;
    for (const pass::CheckProcess &process : known)
        names.append(process.name);
    context.printError(QStringLiteral("unknown_process"),
        QStringLiteral("There is no check process “%1”. Known: %2.")
            .arg(name, names.join(QStringLiteral(", "))));
}

// Checks the codes in file with verifier under process, printing a line per result, then ends
// the command through deliver (after uploading the records when there is a session).
void scanFile(CliContext &context, Session *session, const QString &file,
    const pass::PassVerifier &verifier, const pass::CheckProcess &process,
    std::function<qint64()> clock, const Deliver &deliver)
{
    auto run = std::make_shared<ScanRun>(context, session, verifier, process);
    run->scanner.setClock(std::move(clock));
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
            context.printError(
                QStringLiteral("no_code"), QStringLiteral("No QR code was found in the file."));
            deliver(ExitCode::Failed);
            return;
        }
        ScanUploader *uploader = run->uploader;
        if (!uploader) {
            deliver(ExitCode::Success);
            return;
        }
        QObject::connect(uploader, &ScanUploader::finished, uploader, [run, deliver](bool ok) {
            if (!ok)
                printText(stderr,
                    qPrintable(QStringLiteral("tessera-cli: the scan records stay queued "
                                              "on this device: %1\n")
                                   .arg(run->uploader->errorMessage())));
            deliver(ExitCode::Success);
        });
        if (!uploader->isUploading())
            uploader->uploadNow();
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
            if (run->uploader)
                run->uploader->record(result);
            if (image)
                end();
        });
    QObject::connect(&run->scanner, &Scanner::frameProcessed, &run->scanner, [run, image, end]() {
        if (image && run->results == 0 && ++run->framesWithoutResult >= imageFramesToTry)
            end();
    });
    QObject::connect(&run->source, &MediaFileSource::finished, &run->source, [run, end]() {
        if (!run->scanner.isBusy()) {
            end();
            return;
        }
        QObject::connect(
            &run->scanner, &Scanner::frameProcessed, &run->scanner, end, Qt::SingleShotConnection);
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
}

// scan FILE --process NAME --trust BUNDLE: no session, the trust file's data.
QFuture<int> scanWithTrustFile(
    CliContext &context, const QString &file, const QString &processName, const QString &trustFile)
{
    QString problem;
    const std::optional<pass::TrustBundle> bundle = readTrustFile(trustFile, &problem);
    if (!bundle) {
        context.printError(QStringLiteral("bad_trust_file"), problem);
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 age = now - bundle->syncedAt.toSecsSinceEpoch();
    if (age > ScannerSync::defaultMaxTrustAgeSeconds) {
        context.printError(QStringLiteral("trust_stale"),
            QStringLiteral("The trust file is from %1, older than %2 days: save a new one.")
                .arg(wiretime::format(bundle->syncedAt))
                .arg(ScannerSync::defaultMaxTrustAgeSeconds / 86400));
        return QtFuture::makeReadyFuture(int(ExitCode::Failed));
    }
    const auto process = std::find_if(bundle->processes.cbegin(), bundle->processes.cend(),
        [&processName](const pass::CheckProcess &known) { return known.name == processName; });
    if (process == bundle->processes.cend()) {
        printUnknownProcess(context, processName, bundle->processes);
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    auto [future, deliver] = newDelivery();
    printText(stderr,
        "tessera-cli: checking with the trust file, signed out: the scan records are not "
        "uploaded\n");
    scanFile(
        context, nullptr, file, pass::PassVerifier(bundle->trust, bundle->revoked), *process,
        [] { return QDateTime::currentSecsSinceEpoch(); }, deliver);
    return future;
}

// The scanner's trust list for the signed-in session, from a client stack with only that
// feature (owned by the session).
ScannerSync *scannerTrust(CliContext &context, Session &session)
{
    ClientStack *stack = stackWith(context, session, ClientStack::Feature::ScannerTrust).release();
    stack->setParent(&session);
    return stack->part<ScannerSync>();
}

} // namespace

std::optional<pass::TrustBundle> readTrustFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read the trust file %1: %2.").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > maxTrustFileBytes) {
        *error = QStringLiteral("The trust file %1 is larger than %2 MiB.")
                     .arg(path)
                     .arg(maxTrustFileBytes / (qint64 { 1024 } * 1024));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("The trust file %1 is not a JSON object (%2).")
                     .arg(path, parseError.errorString());
        return std::nullopt;
    }
    QString problem;
    auto bundle = pass::TrustBundle::fromJson(document.object(), &problem);
    if (!bundle)
        *error =
            QStringLiteral("The trust file %1 is not a Tessera trust file: %2.").arg(path, problem);
    return bundle;
}

QFuture<int> runTrustSave(CliContext &context)
{
    const QString file = context.arguments().value(0);
    return whenSignedIn(context, [&context, file](Session &signedIn, const Deliver &deliver) {
        ScannerSync *sync = scannerTrust(context, signedIn);
        const auto save = [&context, sync, deliver, file]() {
            const std::optional<pass::TrustBundle> bundle = sync->trustBundle();
            if (!bundle) {
                QString problem;
                sync->verifier(&problem);
                context.printError(QStringLiteral("trust_unavailable"),
                    sync->errorMessage().isEmpty() ? problem : sync->errorMessage());
                deliver(ExitCode::Failed);
                return;
            }
            QSaveFile out(file);
            if (!out.open(QIODevice::WriteOnly)
                || out.write(QJsonDocument(bundle->toJson()).toJson()) < 0 || !out.commit()) {
                context.printError(QStringLiteral("bad_file"),
                    QStringLiteral("Cannot write %1: %2.").arg(file, out.errorString()));
                deliver(ExitCode::Failed);
                return;
            }
            context.printResult(
                QJsonObject {
                    { QStringLiteral("file"), file },
                    { QStringLiteral("syncedAt"), wiretime::format(bundle->syncedAt) },
                    { QStringLiteral("issuerKeys"), bundle->trust.size() },
                    { QStringLiteral("checkProcesses"), bundle->processes.size() },
                    { QStringLiteral("revoked"), bundle->revoked.size() },
                },
                QStringLiteral("Saved the trust list synced at %1 to %2: %3 issuer keys, %4 "
                               "check processes, %5 revoked passes.")
                    .arg(wiretime::format(bundle->syncedAt), file)
                    .arg(bundle->trust.size())
                    .arg(bundle->processes.size())
                    .arg(bundle->revoked.size()));
            deliver(ExitCode::Success);
        };
        if (!sync->isBusy()) {
            save();
            return;
        }
        QObject::connect(sync, &ScannerSync::finished, sync, save, Qt::SingleShotConnection);
    });
}

QFuture<int> runScan(CliContext &context)
{
    const QString file = context.arguments().value(0);
    const QString processName = context.value(QStringLiteral("process"));
    if (processName.isEmpty()) {
        context.printError(QStringLiteral("invalid_request"),
            QStringLiteral("Name the check process: --process NAME (office-entry, ...)."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    const QString trustFile = context.value(QStringLiteral("trust"));
    if (!trustFile.isEmpty())
        return scanWithTrustFile(context, file, processName, trustFile);
    return whenSignedIn(
        context, [&context, file, processName](Session &signedIn, const Deliver &deliver) {
            Session *session = &signedIn;
            ScannerSync *sync = scannerTrust(context, *session);
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
                    printUnknownProcess(context, processName, sync->checkProcesses());
                    deliver(ExitCode::Usage);
                    return;
                }
                scanFile(
                    context, session, file, *verifier, *process, sync->scannerClock(), deliver);
            };
            if (!sync->isBusy()) {
                scan();
                return;
            }
            QObject::connect(sync, &ScannerSync::finished, sync, scan, Qt::SingleShotConnection);
        });
}

} // namespace tessera::cli
