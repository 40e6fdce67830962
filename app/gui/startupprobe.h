#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <optional>

class QQuickItem;
class QQuickWindow;

namespace tessera {

class HomeModel;
class HomeSync;
class InboxModel;
class InboxSync;
class Session;

// The start-up probe (for bench_startup, docs/PERFORMANCE.md): with the environment variable
// TESSERA_STARTUP_PROBE set, the app notes when the first frame showing the rows of the first
// page's list has been swapped (Home's cards for an employee, or the inbox's items with --page
// inbox), and prints one line on standard output about it, then quits:
//
//   tessera-startup-probe: frame-ns=<CLOCK_MONOTONIC, ns> page=<home|inbox> rows=<n>
//       vmhwm-kib=<peak then> rss-anon-kib=<heap, stacks then> rss-file-kib=<mapped files then>
//       marks=main:<ns>,services-built:<ns>,...   (one line)
//
//   TESSERA_STARTUP_PROBE=frame   the first frame whose shown list has rows (from the cache)
//   TESSERA_STARTUP_PROBE=synced  the first such frame after that page's sync has run to its
//                                 end (to fill the cache before measuring)
//
// The marks are the moments the start-up passed some steps (main entered, QML loaded, signed in,
// first model rows, the services released a frame after the sign-in, sync started / ended), for
// finding where the time goes. It prints the line and quits once the services held since the
// sign-in have started too (so that the run's peak memory includes them); with
// TESSERA_STARTUP_PROBE_SMAPS=FILE it copies /proc/self/smaps to FILE then. When no such frame
// comes within maxWaitMs it prints why on standard error and quits with 1. Nothing else changes
// in the app; without the variable no probe exists.
class StartupProbe : public QObject
{
    Q_OBJECT
public:
    enum class Mode { FirstInboxFrame, AfterSync };
    static constexpr int maxWaitMs = 120000;

    // The mode TESSERA_STARTUP_PROBE asks for; nullopt when it is not set. An unknown value is
    // an error (message in *error).
    static std::optional<Mode> modeFromEnvironment(QString *error);
    // Records a mark (CLOCK_MONOTONIC now) when the probe is on; name must be a literal.
    static void mark(const char *name);
    // Turns marks on (before the first mark) and records "main".
    static void enableMarks();

    // What it follows: the session, and each page's model and sync.
    struct Sources
    {
        const Session &session;
        const InboxModel &inboxModel;
        const InboxSync &inboxSync;
        const HomeModel &homeModel;
        const HomeSync &homeSync;
    };

    // Follows the sources from here on (made before the QML, so that the marks come before the
    // pages' own reactions).
    explicit StartupProbe(Mode mode, const Sources &sources, QObject *parent = nullptr);
    ~StartupProbe() override;

    // Watches the window's frames from here on.
    void start(QQuickWindow *window);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void checkRows();
    void report(qint64 frameNs);
    void printAndFinish();
    // The list of the page shown (Home's or the inbox's), or null while none is visible.
    QQuickItem *shownList();

    Mode m_mode;
    QPointer<QQuickWindow> m_window;
    const Sources m_sources;
    QPointer<QQuickItem> m_list;
    QString m_page; // the shown list's page: "home" or "inbox"
    QTimer m_capTimer;
    bool m_inboxSynced = false;
    bool m_homeSynced = false;
    bool m_sawInboxRows = false;
    bool m_sawHomeRows = false;
    // The first frame with rows: when it was swapped, its rows and the peak memory then.
    qint64 m_frameNs = 0;
    int m_frameRows = 0;
    qint64 m_frameHwmKiB = 0;
    qint64 m_frameAnonKiB = 0;
    qint64 m_frameFileKiB = 0;
    bool m_printed = false;
    // Set on the GUI thread when the scene about to be synchronised shows rows; read by the
    // render thread's frameSwapped (the threaded render loop) or the GUI thread (the others).
    std::atomic<bool> m_armed { false };
    std::atomic<bool> m_done { false };
};

} // namespace tessera
