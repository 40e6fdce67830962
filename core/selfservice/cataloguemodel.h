#pragma once

#include "selfservice/serviceentry.h"

#include <QAbstractListModel>
#include <QList>
#include <QVariantMap>

namespace tessera {

class CatalogueStore;

// The service catalogue as a list for QML: the store's order (category, then order, then title),
// so that a view can group by the category role. Refreshed whenever the store changes.
class CatalogueModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
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

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The row of a service, -1 when the catalogue on this device does not have it.
    Q_INVOKABLE int rowOf(const QString &serviceId) const;
    Q_INVOKABLE bool contains(const QString &serviceId) const { return rowOf(serviceId) >= 0; }
    // One service by its roles' names (id, title, category, description, icon, source,
    // formJson); empty when the catalogue does not have it.
    Q_INVOKABLE QVariantMap service(const QString &serviceId) const;

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void countChanged();

private:
    CatalogueStore &m_store;
    QList<ServiceEntry> m_services;
};

} // namespace tessera
