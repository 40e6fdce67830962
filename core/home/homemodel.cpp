#include "home/homemodel.h"

#include "home/homestore.h"

#include <QJsonDocument>

namespace tessera {

HomeModel::HomeModel(HomeStore &store, QObject *parent)
    : RowsModel(parent)
    , m_store(store)
{
    connect(&m_store, &HomeStore::changed, this, &HomeModel::refresh);
    refresh();
}

HomeModel::~HomeModel() = default;

void HomeModel::refresh()
{
    resetRows([this]() { m_cards = m_store.cards(); });
    QList<QDateTime> expiries;
    expiries.reserve(m_cards.size());
    for (const HomeCard &card : std::as_const(m_cards))
        expiries.append(card.expiresAt);
    refreshAtSoonest(expiries);
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
