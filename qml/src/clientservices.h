#pragma once

#include "services/clientstack.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <memory>

class QQmlEngine;
class QQuickWindow;

namespace tessera {

class DecisionOutbox;
class DevicesModel;
class HomeEventsModel;
class InboxHistory;
class InboxModel;
class InboxStore;
class InboxSync;
class MediaCache;
class MediaImages;
class PassHolder;
class PrivacyExport;
class PrivacyRequestsModel;
class ScannerController;
class ScannerSync;
class ScanUploader;
class SecretStore;
class Session;

// The app's side of the client stack, built once by the composition root (the app's main.cpp,
// and the tests that start the app's QML the same way): the ClientStack with every feature (the
// inbox cache, its sync with the live stream, the decision outbox, the model and the history of
// the item on the detail page; the person's QR pass; the scanner's trust sync and scan uploads)
// and the Scanner page's controller. publish() hands them to the QML module's singletons
// (`Home`, `Inbox`, `InboxHistory`, `Pass`, `ScannerControl`, `Services`, `Requests`).
//
// The session and the secret store must outlive this object; this object must outlive every QML
// engine using it.
class ClientServices : public QObject
{
    Q_OBJECT
public:
    // options: the stack's (every feature; the app sets holdServicesOnSignIn, see
    // releaseServicesAfterFrame()).
    ClientServices(Session &session, SecretStore &secrets, const ClientStack::Options &options = {},
        QObject *parent = nullptr);
    ~ClientServices() override;

    // Sets the singletons' objects (before QML is loaded).
    void publish();
    // Gives engine the card media images (image://tessera-media/..., see MediaImages).
    void addImageProviders(QQmlEngine &engine);
    // Starts following the session: sync, stream and outbox.
    void start();
    // The app went to the background (false) or came back (true).
    void setForeground(bool foreground);

    // The app's deferred start (with the stack's holdServicesOnSignIn): whenever a sign-in (a
    // restore included) holds the session's services, they are released once window has swapped the
    // first frame drawn after it, so that the delta sync, the live stream, the outbox, the pass and
    // the scanner's trust list start a frame after the first inbox frame instead of before it
    // (docs/PERFORMANCE.md, bench_startup). Without a window, or when no frame comes within
    // releaseFallbackMs (a window not shown), they are released anyway.
    void releaseServicesAfterFrame(QQuickWindow *window);
    static constexpr int releaseFallbackMs = 1000;

    ClientStack &stack() const { return *m_stack; }
    InboxStore &inboxStore() const;
    InboxSync &inboxSync() const;
    DecisionOutbox &decisionOutbox() const;
    InboxModel &inboxModel() const;
    PassHolder &passHolder() const;
    ScannerSync &scannerSync() const;
    ScanUploader &scanUploader() const;
    ScannerController &scannerController() const { return *m_scanner; }
    // Profile's My data and My devices (stateless against the server; `DataExport`,
    // `PrivacyRequests`, `Devices`).
    PrivacyExport &privacyExport() const { return *m_privacyExport; }
    PrivacyRequestsModel &privacyRequests() const { return *m_privacyRequests; }
    DevicesModel &devices() const { return *m_devices; }

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
    std::unique_ptr<ClientStack> m_stack;
    std::unique_ptr<ScannerController> m_scanner;
    std::unique_ptr<MediaCache> m_media;
    std::unique_ptr<MediaImages> m_mediaImages;
    std::unique_ptr<HomeEventsModel> m_homeEvents;
    std::unique_ptr<PrivacyExport> m_privacyExport;
    std::unique_ptr<PrivacyRequestsModel> m_privacyRequests;
    std::unique_ptr<DevicesModel> m_devices;
};

} // namespace tessera
