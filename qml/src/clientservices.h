#pragma once

#include <QObject>

#include <memory>

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

    InboxStore &inboxStore() const { return *m_store; }
    InboxSync &inboxSync() const { return *m_sync; }
    DecisionOutbox &decisionOutbox() const { return *m_outbox; }
    InboxModel &inboxModel() const { return *m_model; }
    PassHolder &passHolder() const { return *m_pass; }
    ScannerSync &scannerSync() const { return *m_scannerSync; }
    ScanUploader &scanUploader() const { return *m_scanUploader; }
    ScannerController &scannerController() const { return *m_scanner; }

private:
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
