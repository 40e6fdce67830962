#include "home/homemodel.h"

#include "home/homestore.h"

#include <QJsonDocument>

#include <algorithm>

namespace tessera {

HomeModel::HomeModel(HomeStore &store, QObject *parent)
    : RowsModel(parent)
    , m_store(store)
{
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, &HomeModel::refresh);
    connect(&m_store, &HomeStore::changed, this, &HomeModel::refresh);
    refresh();
}

HomeModel::~HomeModel() = default;

void HomeModel::refresh()
{
    resetRows([this]() { m_cards = m_store.cards(); });
    scheduleExpiry();
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

QVariant HomeModel::data(const QModelIndex &index, int role) const
{
    if (!isRow(index))
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

} // namespace tessera
