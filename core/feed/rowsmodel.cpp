#include "feed/rowsmodel.h"

#include "feed/deltasync.h"

namespace tessera {

RowsModel::RowsModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_expiry.setSingleShot(true);
    // A coarse timer may fire up to 5% early, before the row has expired: the rows read then
    // would still hold it (and the next look would come only after another wait).
    m_expiry.setTimerType(Qt::PreciseTimer);
    connect(&m_expiry, &QTimer::timeout, this, [this]() { rowsExpired(); });
}

RowsModel::~RowsModel() = default;

int RowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(size());
}

int RowsModel::rowOf(const QString &id) const
{
    if (id.isEmpty())
        return -1;
    for (qsizetype row = 0; row < size(); ++row)
        if (idAt(row) == id)
            return int(row);
    return -1;
}

QVariantMap RowsModel::rowMap(int row) const
{
    if (row < 0 || row >= size())
        return {};
    const QModelIndex at = index(row);
    QVariantMap result;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        result.insert(QString::fromLatin1(it.value()), data(at, it.key()));
    return result;
}

void RowsModel::setSync(DeltaSync *sync)
{
    if (m_sync == sync)
        return;
    if (m_sync)
        m_sync->disconnect(this);
    m_sync = sync;
    if (m_sync) {
        connect(m_sync, &DeltaSync::loadingChanged, this, &RowsModel::syncStateChanged);
        connect(m_sync, &DeltaSync::offlineChanged, this, &RowsModel::syncStateChanged);
        connect(m_sync, &DeltaSync::errorChanged, this, &RowsModel::syncStateChanged);
    }
    Q_EMIT syncStateChanged();
}

void RowsModel::setOffline(bool offline)
{
    if (m_offline == offline)
        return;
    m_offline = offline;
    Q_EMIT syncStateChanged();
}

bool RowsModel::isLoading() const
{
    return m_sync && m_sync->isLoading();
}

bool RowsModel::isOffline() const
{
    return m_offline || (m_sync && m_sync->isOffline());
}

QString RowsModel::error() const
{
    return m_sync ? m_sync->error() : QString();
}

void RowsModel::syncNow()
{
    if (m_sync)
        m_sync->syncNow();
}

void RowsModel::resetRows(const std::function<void()> &assign, bool recount)
{
    const qsizetype before = size();
    beginResetModel();
    assign();
    endResetModel();
    if (recount || size() != before)
        Q_EMIT countChanged();
}

void RowsModel::rowsChangedInPlace(const QList<bool> &differs, bool recount)
{
    for (qsizetype first = 0; first < differs.size(); ++first) {
        if (!differs.at(first))
            continue;
        qsizetype last = first;
        while (last + 1 < differs.size() && differs.at(last + 1))
            ++last;
        Q_EMIT dataChanged(index(int(first)), index(int(last)));
        first = last;
    }
    if (recount)
        Q_EMIT countChanged();
}

void RowsModel::refreshAtSoonest(const QList<QDateTime> &times)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime soonest;
    for (const QDateTime &time : times)
        if (time.isValid() && time > now && (!soonest.isValid() || time < soonest))
            soonest = time;
    if (!soonest.isValid()) {
        m_expiry.stop();
        return;
    }
    // At most a day ahead (a timer's int milliseconds); it looks again then.
    const qint64 wait =
        std::clamp<qint64>(now.msecsTo(soonest) + 1, 1, qint64 { 24 } * 60 * 60 * 1000);
    m_expiry.start(int(wait));
}

bool RowsModel::isRow(const QModelIndex &index) const
{
    return checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid);
}

} // namespace tessera
