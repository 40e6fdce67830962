#include "selfservice/cataloguemodel.h"

#include "selfservice/cataloguestore.h"

#include <QJsonDocument>

namespace tessera {

CatalogueModel::CatalogueModel(CatalogueStore &store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(&m_store, &CatalogueStore::changed, this, &CatalogueModel::refresh);
    refresh();
}

CatalogueModel::~CatalogueModel() = default;

void CatalogueModel::refresh()
{
    const qsizetype before = m_services.size();
    beginResetModel();
    m_services = m_store.services();
    endResetModel();
    if (m_services.size() != before)
        Q_EMIT countChanged();
}

int CatalogueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_services.size());
}

QVariant CatalogueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
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

int CatalogueModel::rowOf(const QString &serviceId) const
{
    for (qsizetype row = 0; row < m_services.size(); ++row)
        if (m_services.at(row).id == serviceId)
            return int(row);
    return -1;
}

QVariantMap CatalogueModel::service(const QString &serviceId) const
{
    const int row = rowOf(serviceId);
    if (row < 0)
        return {};
    const QModelIndex at = index(row);
    QVariantMap result;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        result.insert(QString::fromLatin1(it.value()), data(at, it.key()));
    return result;
}

} // namespace tessera
