#include "selfservice/requestsmodel.h"

#include "selfservice/cataloguestore.h"
#include "selfservice/requestsstore.h"
#include "selfservice/submissionoutbox.h"

#include <QJsonDocument>

#include <algorithm>

namespace tessera {

namespace {

const QString waitingStatus = QStringLiteral("waiting");

} // namespace

RequestsModel::RequestsModel(
    RequestsStore &requests, SubmissionOutbox *outbox, CatalogueStore *catalogue, QObject *parent)
    : RowsModel(parent)
    , m_requests(requests)
    , m_outbox(outbox)
    , m_catalogue(catalogue)
{
    connect(&m_requests, &RequestsStore::changed, this, &RequestsModel::refresh);
    if (m_outbox) {
        connect(m_outbox, &SubmissionOutbox::pendingCountChanged, this, &RequestsModel::refresh);
        connect(m_outbox, &SubmissionOutbox::submissionSent, this, &RequestsModel::refresh);
        connect(m_outbox, &SubmissionOutbox::submissionFailed, this, &RequestsModel::refresh);
    }
    if (m_catalogue)
        connect(m_catalogue, &CatalogueStore::changed, this, &RequestsModel::refresh);
    refresh();
}

RequestsModel::~RequestsModel() = default;

void RequestsModel::refresh()
{
    QList<SubmissionRecord> rows;
    QList<OutboxEntry> waiting;
    if (m_outbox) {
        const QList<OutboxEntry> entries = m_outbox->entries();
        std::copy_if(entries.cbegin(), entries.cend(), std::back_inserter(waiting),
            [](const OutboxEntry &entry) { return entry.state == u"pending"; });
    }
    std::stable_sort(waiting.begin(), waiting.end(),
        [](const OutboxEntry &a, const OutboxEntry &b) { return a.seq > b.seq; });
    for (const OutboxEntry &entry : std::as_const(waiting)) {
        SubmissionRecord row;
        row.serviceId = entry.serviceId;
        const auto service =
            m_catalogue ? m_catalogue->service(entry.serviceId) : std::optional<ServiceEntry> {};
        row.serviceTitle = service ? service->title : entry.serviceId;
        row.inputs = entry.inputs;
        row.status = waitingStatus;
        row.submittedAt = entry.createdAt;
        row.updatedAt = entry.createdAt;
        rows.append(row);
    }
    const int waitingRows = int(rows.size());
    rows.append(m_requests.requests());
    const bool waitingChanged = waitingRows != m_waiting;
    m_waiting = waitingRows;
    resetRows([this, &rows]() { m_rows = std::move(rows); }, waitingChanged);
}

QVariant RequestsModel::data(const QModelIndex &index, int role) const
{
    if (!isRow(index))
        return {};
    const SubmissionRecord &row = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return row.id;
    case ServiceIdRole:
        return row.serviceId;
    case Qt::DisplayRole:
    case ServiceTitleRole:
        return row.serviceTitle;
    case StatusRole:
        return row.status;
    case StatusTextRole:
        return statusText(row.status);
    case MessageRole:
        return row.message;
    case SubmittedAtRole:
        return row.submittedAt;
    case UpdatedAtRole:
        return row.updatedAt;
    case ResultCardRole:
        return row.resultCard.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(row.resultCard).toJson(QJsonDocument::Compact));
    case IsFinalRole:
        return row.isFinal();
    case IsWaitingRole:
        return row.status == waitingStatus;
    default:
        return {};
    }
}

QHash<int, QByteArray> RequestsModel::roleNames() const
{
    return {
        { IdRole, "submissionId" },
        { ServiceIdRole, "serviceId" },
        { ServiceTitleRole, "serviceTitle" },
        { StatusRole, "status" },
        { StatusTextRole, "statusText" },
        { MessageRole, "message" },
        { SubmittedAtRole, "submittedAt" },
        { UpdatedAtRole, "updatedAt" },
        { ResultCardRole, "resultCard" },
        { IsFinalRole, "isFinal" },
        { IsWaitingRole, "isWaiting" },
    };
}

QString RequestsModel::statusText(const QString &status)
{
    if (status == waitingStatus)
        return tr("Waiting to send");
    if (status == u"submitted")
        return tr("Submitted");
    if (status == u"received")
        return tr("Received");
    if (status == u"in_progress")
        return tr("In progress");
    if (status == u"done")
        return tr("Done");
    if (status == u"rejected")
        return tr("Rejected");
    return tr("Unknown");
}

} // namespace tessera
