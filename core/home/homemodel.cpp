#include "home/homemodel.h"

#include "home/homestore.h"
#include "home/homesync.h"

#include <QJsonDocument>

#include <algorithm>

namespace tessera {

HomeModel::HomeModel(HomeStore &store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, &HomeModel::refresh);
    connect(&m_store, &HomeStore::changed, this, &HomeModel::refresh);
    refresh();
}

HomeModel::~HomeModel() = default;

void HomeModel::setSync(HomeSync *sync)
{
    if (m_sync == sync)
        return;
    if (m_sync)
        m_sync->disconnect(this);
    m_sync = sync;
    if (m_sync) {
        connect(m_sync, &HomeSync::loadingChanged, this, &HomeModel::syncStateChanged);
        connect(m_sync, &HomeSync::offlineChanged, this, &HomeModel::syncStateChanged);
        connect(m_sync, &HomeSync::errorChanged, this, &HomeModel::syncStateChanged);
    }
    Q_EMIT syncStateChanged();
}

void HomeModel::refresh()
{
    const int before = int(m_cards.size());
    beginResetModel();
    m_cards = m_store.cards();
    endResetModel();
    if (m_cards.size() != before)
        Q_EMIT countChanged();
    scheduleExpiry();
}

void HomeModel::syncNow()
{
    if (m_sync != nullptr)
        m_sync->syncNow();
}

void HomeModel::scheduleExpiry()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime next = m_store.nextExpiry(now);
    if (!next.isValid()) {
        m_expiry.stop();
        return;
    }
    // At most a day ahead (a timer's int milliseconds); it looks again then.
    const qint64 wait =
        std::clamp<qint64>(now.msecsTo(next) + 1, 1, qint64 { 24 } * 60 * 60 * 1000);
    m_expiry.start(int(wait));
}

int HomeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_cards.size());
}

QVariant HomeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HomeCard &card = m_cards.at(index.row());
    switch (role) {
    case CardIdRole:
        return card.id;
    case CardJsonRole:
        return QString::fromUtf8(QJsonDocument(card.card).toJson(QJsonDocument::Compact));
    case CardRole:
        return card.card.toVariantMap();
    case OrderRole:
        return card.order;
    case UpdatedRole:
        return card.updatedAt;
    case SourceRole:
        return card.source;
    case Qt::DisplayRole:
    case TitleRole:
        return card.title();
    case SummaryRole:
        return card.summary();
    default:
        return {};
    }
}

QHash<int, QByteArray> HomeModel::roleNames() const
{
    return {
        { CardIdRole, "cardId" },
        { CardJsonRole, "cardJson" },
        { CardRole, "card" },
        { OrderRole, "order" },
        { UpdatedRole, "updated" },
        { SourceRole, "source" },
        { TitleRole, "title" },
        { SummaryRole, "summary" },
    };
}

bool HomeModel::isLoading() const
{
    return m_sync && m_sync->isLoading();
}

bool HomeModel::isOffline() const
{
    return m_sync && m_sync->isOffline();
}

QString HomeModel::error() const
{
    return m_sync ? m_sync->error() : QString();
}

int HomeModel::rowOf(const QString &cardId) const
{
    for (int row = 0; row < m_cards.size(); ++row)
        if (m_cards.at(row).id == cardId)
            return row;
    return -1;
}

} // namespace tessera
