// bench_startup's peer: a minimal Qt Quick window (QGuiApplication + QQmlApplicationEngine + a
// Window with a Text, its QML compiled ahead by qt_add_qml_module like the app's). It prints its
// first swapped frame as the app's start-up probe does (TESSERA_STARTUP_PROBE, see
// app/gui/startupprobe.h) and quits:
//   tessera-startup-probe: frame-ns=<CLOCK_MONOTONIC ns> rows=0 vmhwm-kib=<KiB> marks=main:<ns>,...
// With --controls it shows an ApplicationWindow with a Label in the Material style of Qt Quick
// Controls instead (what the app is built on): how much of the app's start is the toolkit's.
// TESSERA_STARTUP_PROBE_SMAPS=FILE: a copy of /proc/self/smaps then, as the app's probe makes.
#include "selfclock.h"

#include <QFile>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <atomic>
#include <cstdio>

using tessera::bench::monotonicNs;
using tessera::bench::ownPeakResidentKiB;

int main(int argc, char *argv[])
{
    const qint64 mainNs = monotonicNs();
    QGuiApplication app(argc, argv);
    const bool controls = app.arguments().contains(QStringLiteral("--controls"));
    // The style comes from the QML import (QtQuick.Controls.Material): no link to the Controls
    // library, which the plain window must not load.
    QQmlApplicationEngine engine;
    engine.load(
        QUrl(controls ? QStringLiteral("qrc:/BenchPeerWindow/peerwindow/PeerControlsWindow.qml")
                      : QStringLiteral("qrc:/BenchPeerWindow/peerwindow/PeerWindow.qml")));
    auto *window = engine.rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window) {
        (void)std::fprintf(stderr, "bench-peer-quickwindow: the window could not be loaded\n");
        return 1;
    }
    const qint64 loadedNs = monotonicNs();

    std::atomic<bool> done { false };
    QObject::connect(
        window, &QQuickWindow::frameSwapped, &app,
        [&] {
            if (done.exchange(true))
                return;
            const qint64 frameNs = monotonicNs();
            QMetaObject::invokeMethod(
                &app,
                [=] {
                    (void)std::printf("tessera-startup-probe: frame-ns=%lld rows=0 vmhwm-kib=%lld "
                                      "marks=main:%lld,qml-loaded:%lld\n",
                        static_cast<long long>(frameNs),
                        static_cast<long long>(ownPeakResidentKiB()),
                        static_cast<long long>(mainNs), static_cast<long long>(loadedNs));
                    (void)std::fflush(stdout);
                    // As the app's probe: a copy of /proc/self/smaps when asked.
                    const QString smapsCopy = qEnvironmentVariable("TESSERA_STARTUP_PROBE_SMAPS");
                    if (!smapsCopy.isEmpty()) {
                        QFile smaps(QStringLiteral("/proc/self/smaps"));
                        QFile copy(smapsCopy);
                        if (smaps.open(QIODevice::ReadOnly) && copy.open(QIODevice::WriteOnly))
                            copy.write(smaps.readAll());
                    }
                    QCoreApplication::exit(0);
                },
                Qt::QueuedConnection);
        },
        Qt::DirectConnection);
    return QGuiApplication::exec();
}
