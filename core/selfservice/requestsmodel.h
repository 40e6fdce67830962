#pragma once

#include "feed/rowsmodel.h"
#include "selfservice/submissionrecord.h"

namespace tessera {

class CatalogueStore;
class RequestsStore;
class SubmissionOutbox;

// My requests as a list for QML: first what still waits in the outbox to be sent ("Waiting to
// send", newest first), so that nothing queued is invisible, then the submissions the server
// holds, newest first (a waiting row has status "waiting" and no id). Refreshed whenever the store
// or the outbox changes.
// (The base is named in full: Qt 6.4's QML type registrar matches a base by its full name.)
class RequestsModel : public tessera::RowsModel
{
    Q_OBJECT
    Q_PROPERTY(int waitingCount READ waitingCount NOTIFY countChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // sub_…; "" for a submission still waiting to be sent
        ServiceIdRole,
        ServiceTitleRole,
        StatusRole, // waiting, submitted, received, in_progress, done, rejected
        StatusTextRole, // the status in words
        MessageRole, // the sub-system's words ("" when none)
        SubmittedAtRole, // QDateTime, UTC (waiting: when it was queued)
        UpdatedAtRole, // QDateTime, UTC
        ResultCardRole, // the result card as compact JSON; "" when none
        IsFinalRole, // done or rejected
        IsWaitingRole, // still in the outbox
    };
    Q_ENUM(Role)

    // requests must outlive the model; catalogue (the waiting ones' titles) and outbox may be
    // null, and must outlive it otherwise.
    RequestsModel(RequestsStore &requests, SubmissionOutbox *outbox = nullptr,
        CatalogueStore *catalogue = nullptr, QObject *parent = nullptr);
    ~RequestsModel() override;

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int waitingCount() const { return m_waiting; }

    // A status in words ("In progress"); waiting: "Waiting to send".
    static QString statusText(const QString &status);

public Q_SLOTS:
    void refresh();

protected:
    qsizetype size() const override { return m_rows.size(); }
    QString idAt(qsizetype row) const override { return m_rows.at(row).id; }

private:
    QList<SubmissionRecord> m_rows;
    RequestsStore &m_requests;
    SubmissionOutbox *m_outbox;
    CatalogueStore *m_catalogue;
    int m_waiting = 0;
};

} // namespace tessera
