#pragma once

#include "selfservice/serviceentry.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// The service catalogue in the session's SQLCipher database (table selfservice_services) and
// its delta cursor. Without a database it holds nothing and every write fails.
class CatalogueStore : public QObject
{
    Q_OBJECT
public:
    explicit CatalogueStore(std::shared_ptr<Database> database = {}, QObject *parent = nullptr);
    ~CatalogueStore() override;

    void setDatabase(std::shared_ptr<Database> database);
    bool hasDatabase() const { return m_database != nullptr; }

    // Every service, by category, then order, then title.
    QList<ServiceEntry> services() const;
    std::optional<ServiceEntry> service(const QString &id) const;
    QString cursor() const;

    // One page of a delta: the services written, the removed ones deleted and the cursor
    // moved, in one transaction (all or nothing).
    bool applyPage(
        const QList<ServiceEntry> &services, const QStringList &removed, const QString &cursor);

Q_SIGNALS:
    void changed();

private:
    std::shared_ptr<Database> m_database;
};

} // namespace tessera
