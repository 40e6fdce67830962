#include "cardpreview.h"

#include "applogging.h"
#include "base/printtext.h"
#include "cards/cardlimits.h"
#include "cards/cardparser.h"
#include "refusingnetworkfactory.h"
#include "screenshotter.h"
#include "warningrecorder.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <cstdio>
#include <memory>

namespace tessera {

namespace {

int fail(const QString &message)
{
    printText(stderr, qPrintable(QStringLiteral("tessera: --card: %1\n").arg(message)));
    return 1;
}

} // namespace

int CardPreview::run(const AppOptions &options)
{
    // First, so that it records every warning from here on.
    const WarningRecorder warnings;

    QFile file(options.cardFile);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2")
                        .arg(QDir::toNativeSeparators(options.cardFile), file.errorString()));
    // One byte over the limit is enough for the parser to refuse it as too large.
    const QByteArray json = file.read(qint64(cards::maxCardBytes) + 1);
    const cards::CardParseResult parsed = cards::CardParser().parse(json);
    if (!parsed.isValid()) {
        QString text = QStringLiteral("%1 is not a valid card:")
                           .arg(QDir::toNativeSeparators(options.cardFile));
        for (const cards::CardProblem &problem : parsed.problems)
            text += QStringLiteral("\n  %1: %2").arg(problem.path, problem.message);
        return fail(text);
    }

    RefusingNetworkFactory refusingNetwork;
    QQmlApplicationEngine engine;
    engine.setNetworkAccessManagerFactory(&refusingNetwork);
    engine.addImportPath(QStringLiteral("qrc:/"));
    const bool dark = options.theme && *options.theme == AppSettings::Theme::Dark;
    engine.setInitialProperties(
        { { QStringLiteral("cardJson"), QString::fromUtf8(json) }, { QStringLiteral("dark"), dark },
            { QStringLiteral("validateInputs"), options.cardValidate } });
    engine.load(QUrl(QStringLiteral("qrc:/Tessera/cards/CardPreview.qml")));
    auto *window = engine.rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window)
        return fail(QStringLiteral("the card window could not be loaded (see above)"));
    window->resize(options.windowSize.value_or(QSize(390, 844)));

    std::unique_ptr<Screenshotter> screenshotter;
    int shotResult = 0;
    if (!options.screenshotFile.isEmpty()) {
        screenshotter =
            std::make_unique<Screenshotter>(window, nullptr, nullptr, options.screenshotFile);
        QObject::connect(
            screenshotter.get(), &Screenshotter::finished, qApp,
            [&shotResult](int code) {
                shotResult = code;
                QCoreApplication::exit(code);
            },
            Qt::QueuedConnection);
        screenshotter->start();
    }
    const int code = QGuiApplication::exec();
    const QStringList logged = warnings.warnings();
    if (!logged.isEmpty()) {
        QString text = QStringLiteral("QML logged %1 warning(s):").arg(logged.size());
        for (const QString &warning : logged)
            text += QStringLiteral("\n  ") + warning;
        return fail(text);
    }
    return screenshotter ? shotResult : code;
}

} // namespace tessera
