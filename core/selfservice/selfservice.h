#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>

namespace tessera {

class CatalogueModel;
class CatalogueSync;
class RequestsSync;
class SubmissionOutbox;

// What the Services pages ask of self-service, in one place: the catalogue (a CatalogueModel),
// submit() through the outbox (validated first; queued encrypted; sent exactly once), what waits
// in the outbox, whether the app is offline, the catalogue sync's state, and what became of a
// submission (sent, refused with the inputs the server named, the form changed).
class SelfService : public QObject
{
    Q_OBJECT
    Q_PROPERTY(tessera::CatalogueModel *catalogue READ catalogue CONSTANT)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY offlineChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY syncStateChanged)
    Q_PROPERTY(QString error READ error NOTIFY syncStateChanged)
public:
    // catalogue and outbox must outlive this object; so must the syncs, which may be null.
    SelfService(CatalogueModel &catalogue, SubmissionOutbox &outbox,
        CatalogueSync *catalogueSync = nullptr, RequestsSync *requestsSync = nullptr,
        QObject *parent = nullptr);
    ~SelfService() override;

    CatalogueModel *catalogue() const { return &m_catalogue; }
    int pendingCount() const;
    bool isOffline() const { return m_offline; }
    // Whoever knows (the live stream) says whether the server can be reached.
    void setOffline(bool offline);
    bool isLoading() const;
    QString error() const;

    // Validates values (input id → text) for the service's submit action (its id or verb; ""
    // for the form's only one) and queues them: {queued: bool, seq: number (queued only),
    // errors: [{input, message}], refusal: "" or why nothing can be sent}.
    Q_INVOKABLE QVariantMap submit(
        const QString &serviceId, const QString &action, const QVariantMap &values);

public Q_SLOTS:
    // The catalogue and My requests now, and whatever waits in the outbox.
    void syncNow();

Q_SIGNALS:
    void pendingCountChanged();
    void offlineChanged();
    void syncStateChanged();
    // The server stored the submission queued as seq.
    void submissionSent(int seq, const QString &serviceId, const QString &submissionId);
    // The server refused it for good: message in words, errors the inputs it named
    // ([{input, message}], as CardForm.setServerErrors() takes them; empty when none).
    void submissionFailed(
        int seq, const QString &serviceId, const QString &message, const QVariantList &errors);
    // An attempt failed for now; it is sent again later.
    void submissionDeferred(int seq, const QString &reason);
    // The catalogue changed (a sync, a sign-in or out): a page showing a service looks again.
    void catalogueChanged();
    // The service's form changed on the server: the catalogue is being brought up to date.
    void formChanged(const QString &serviceId);

private:
    void failed(qint64 seq, const QString &message);

    CatalogueModel &m_catalogue;
    SubmissionOutbox &m_outbox;
    CatalogueSync *m_catalogueSync;
    RequestsSync *m_requestsSync;
    bool m_offline = false;
};

} // namespace tessera
