#include "feed/rowsmodel.h"

#include "feed/deltasync.h"

namespace tessera {

RowsModel::RowsModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

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

bool RowsModel::isLoading() const
{
    return m_sync && m_sync->isLoading();
}

bool RowsModel::isOffline() const
{
    return m_sync && m_sync->isOffline();
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

bool RowsModel::isRow(const QModelIndex &index) const
{
    return checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid);
}

} // namespace tessera
