#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class QQuickWindow;

namespace tessera {

class InboxSync;
class ScannerController;
class ServerConnection;
class Session;

// --screenshot: waits until the window has drawn its first frame, the server status is known
// (no longer Checking; no server: --card), the session (if any) is not busy (restoring, signing in
// or out) and the inbox is not syncing (and, with waitForScan, the scan's outcome is shown), for at
// most maxWait, then saves QQuickWindow::grabWindow() as a PNG. finished(0) when the file was
// written, finished(1) with a message on stderr when not.
class Screenshotter : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxWaitMs = 15000;
    // Lets bindings, the scene and page transitions (about 300 ms) catch up with the status.
    static constexpr int settleMs = 600;

    Screenshotter(QQuickWindow *window, const ServerConnection *server, const Session *session,
        QString fileName, QObject *parent = nullptr);

    // Also waits for this sync to end (the inbox as the server has it).
    void setInboxSync(const InboxSync *sync);
    // Also waits for the scanner page (QA --scan) to show a verdict, or (RecentScans) the recent
    // scans once the verdict was dismissed; or an error.
    enum class ScanShown { Verdict, RecentScans };
    void waitForScan(const ScannerController *scanner, ScanShown shown);
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    bool isReady() const;
    bool scanShown() const;
    void maybeGrab();
    void settled();
    void grab();

    QPointer<QQuickWindow> m_window;
    QPointer<const InboxSync> m_inboxSync;
    QPointer<const ScannerController> m_scanner;
    ScanShown m_scanShown = ScanShown::Verdict;
    const ServerConnection *m_server;
    const Session *m_session;
    QString m_fileName;
    QTimer m_capTimer;
    bool m_frameSwapped = false;
    bool m_grabScheduled = false;
};

} // namespace tessera
