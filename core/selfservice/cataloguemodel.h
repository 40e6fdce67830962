#pragma once

#include "feed/rowsmodel.h"
#include "selfservice/serviceentry.h"

namespace tessera {

class CatalogueStore;

// The service catalogue as a list for QML: the store's order (category, then order, then title),
// so that a view can group by the category role. Refreshed whenever the store changes.
// (The base is named in full: Qt 6.4's QML type registrar matches a base by its full name.)
class CatalogueModel : public tessera::RowsModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // svc_…
        TitleRole,
        CategoryRole,
        DescriptionRole, // "" when none
        IconRole, // "" when none
        SourceRole, // the sub-system's name
        FormJsonRole, // the service's Adaptive Card as compact JSON (what CardDocument reads)
    };
    Q_ENUM(Role)

    // store must outlive the model.
    explicit CatalogueModel(CatalogueStore &store, QObject *parent = nullptr);
    ~CatalogueModel() override;

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // One service by its roles' names (id, title, category, description, icon, source,
    // formJson); empty when the catalogue does not have it.
    Q_INVOKABLE QVariantMap service(const QString &serviceId) const
    {
        return rowMap(rowOf(serviceId));
    }

public Q_SLOTS:
    void refresh();

protected:
    qsizetype size() const override { return m_services.size(); }
    QString idAt(qsizetype row) const override { return m_services.at(row).id; }

private:
    QList<ServiceEntry> m_services;
    CatalogueStore &m_store;
};

} // namespace tessera
