#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <memory>

class QQuickWindow;

namespace tessera {

class DecisionOutbox;
class InboxHistory;
class InboxModel;
class InboxStore;
class InboxSync;
class PassHolder;
class ScannerController;
class ScannerSync;
class ScanUploader;
class SecretStore;
class Session;

// The services that follow the signed-in session, built once by the composition root (the app's
// main.cpp, and the tests that start the app's QML the same way): the inbox cache, its sync with
// the live stream, the decision outbox, the model and the history of the item on the detail
// page; the person's QR pass; the scanner's trust sync, scan uploads and the Scanner page's
// controller. publish() hands them to the QML module's singletons (`Inbox`, `InboxHistory`,
// `Pass`, `ScannerControl`).
//
// The session and the secret store must outlive this object; this object must outlive every QML
// engine using it.
class ClientServices : public QObject
{
    Q_OBJECT
public:
    ClientServices(Session &session, SecretStore &secrets, QObject *parent = nullptr);
    ~ClientServices() override;

    // Sets the singletons' objects (before QML is loaded).
    void publish();
    // Starts following the session: sync, stream and outbox.
    void start();
    // The app went to the background (false) or came back (true).
    void setForeground(bool foreground);

    // The app's deferred start (with Session::setHoldServicesOnSignIn(true), set before
    // restore()): whenever a sign-in (a restore included) holds the session's services, they are
    // released once window has swapped the first frame drawn after it, so that the delta sync,
    // the live stream, the outbox, the pass and the scanner's trust list start a frame after
    // the first inbox frame instead of before it (docs/PERFORMANCE.md, bench_startup). Without
    // a window, or when no frame comes within releaseFallbackMs (a window not shown), they are
    // released anyway.
    void releaseServicesAfterFrame(QQuickWindow *window);
    static constexpr int releaseFallbackMs = 1000;

    InboxStore &inboxStore() const { return *m_store; }
    InboxSync &inboxSync() const { return *m_sync; }
    DecisionOutbox &decisionOutbox() const { return *m_outbox; }
    InboxModel &inboxModel() const { return *m_model; }
    PassHolder &passHolder() const { return *m_pass; }
    ScannerSync &scannerSync() const { return *m_scannerSync; }
    ScanUploader &scanUploader() const { return *m_scanUploader; }
    ScannerController &scannerController() const { return *m_scanner; }

private:
    void waitForFrame();
    void releaseServices();

    Session &m_session;
    // The deferred start: the window whose frame releases the services, and its connections.
    QPointer<QQuickWindow> m_frameWindow;
    QMetaObject::Connection m_afterAnimating;
    QMetaObject::Connection m_frameSwapped;
    QTimer m_releaseFallback;
    bool m_deferring = false;
    // Set on the GUI thread when a frame starts after the sign-in; read by frameSwapped (the
    // render thread with the threaded render loop).
    std::atomic<bool> m_frameStarted { false };
    std::atomic<bool> m_releasing { false };

    // Declared in the order they are built; destroyed in reverse.
    std::unique_ptr<InboxStore> m_store;
    std::unique_ptr<InboxSync> m_sync;
    std::unique_ptr<DecisionOutbox> m_outbox;
    std::unique_ptr<InboxModel> m_model;
    std::unique_ptr<InboxHistory> m_history;
    std::unique_ptr<PassHolder> m_pass;
    std::unique_ptr<ScannerSync> m_scannerSync;
    std::unique_ptr<ScanUploader> m_scanUploader;
    std::unique_ptr<ScannerController> m_scanner;
};

} // namespace tessera
