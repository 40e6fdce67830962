#include "selfservice/cataloguemodel.h"

#include "selfservice/cataloguestore.h"

#include <QJsonDocument>

namespace tessera {

CatalogueModel::CatalogueModel(CatalogueStore &store, QObject *parent)
    : RowsModel(parent)
    , m_store(store)
{
    connect(&m_store, &CatalogueStore::changed, this, &CatalogueModel::refresh);
    refresh();
}

CatalogueModel::~CatalogueModel() = default;

void CatalogueModel::refresh()
{
    resetRows([this]() { m_services = m_store.services(); });
}

QVariant CatalogueModel::data(const QModelIndex &index, int role) const
{
    if (!isRow(index))
        return {};
    const ServiceEntry &service = m_services.at(index.row());
    switch (role) {
    case IdRole:
        return service.id;
    case Qt::DisplayRole:
    case TitleRole:
        return service.title;
    case CategoryRole:
        return service.category;
    case DescriptionRole:
        return service.description;
    case IconRole:
        return service.icon;
    case SourceRole:
        return service.source;
    case FormJsonRole:
        return QString::fromUtf8(QJsonDocument(service.form).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

QHash<int, QByteArray> CatalogueModel::roleNames() const
{
    return {
        { IdRole, "serviceId" },
        { TitleRole, "title" },
        { CategoryRole, "category" },
        { DescriptionRole, "description" },
        { IconRole, "icon" },
        { SourceRole, "source" },
        { FormJsonRole, "formJson" },
    };
}

} // namespace tessera
