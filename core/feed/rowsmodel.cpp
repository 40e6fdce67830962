#include "feed/rowsmodel.h"

#include "feed/deltasync.h"

namespace tessera {

RowsModelBase::RowsModelBase(QObject *parent)
    : QAbstractListModel(parent)
{ }

RowsModelBase::~RowsModelBase() = default;

int RowsModelBase::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(size());
}

int RowsModelBase::rowOf(const QString &id) const
{
    if (id.isEmpty())
        return -1;
    for (qsizetype row = 0; row < size(); ++row)
        if (idAt(row) == id)
            return int(row);
    return -1;
}

QVariantMap RowsModelBase::rowMap(int row) const
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

void RowsModelBase::setSync(DeltaSync *sync)
{
    if (m_sync == sync)
        return;
    if (m_sync)
        m_sync->disconnect(this);
    m_sync = sync;
    if (m_sync) {
        connect(m_sync, &DeltaSync::loadingChanged, this, &RowsModelBase::syncStateChanged);
        connect(m_sync, &DeltaSync::offlineChanged, this, &RowsModelBase::syncStateChanged);
        connect(m_sync, &DeltaSync::errorChanged, this, &RowsModelBase::syncStateChanged);
    }
    Q_EMIT syncStateChanged();
}

bool RowsModelBase::isLoading() const
{
    return m_sync && m_sync->isLoading();
}

bool RowsModelBase::isOffline() const
{
    return m_sync && m_sync->isOffline();
}

QString RowsModelBase::error() const
{
    return m_sync ? m_sync->error() : QString();
}

void RowsModelBase::syncNow()
{
    if (m_sync)
        m_sync->syncNow();
}

void RowsModelBase::resetRows(const std::function<void()> &assign, bool recount)
{
    const qsizetype before = size();
    beginResetModel();
    assign();
    endResetModel();
    if (recount || size() != before)
        Q_EMIT countChanged();
}

bool RowsModelBase::isRow(const QModelIndex &index) const
{
    return checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid);
}

} // namespace tessera
