#pragma once

#include "selfservice/serviceentry.h"
#include "storage/deltastore.h"

#include <QList>
#include <QStringList>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// The service catalogue in the session's SQLCipher database (table selfservice_services) and
// its delta cursor (DeltaStore: setDatabase, hasDatabase, cursor, changed). Without a database it
// holds nothing and every write fails.
class CatalogueStore : public DeltaStore
{
    Q_OBJECT
public:
    explicit CatalogueStore(std::shared_ptr<Database> database = {}, QObject *parent = nullptr);
    ~CatalogueStore() override;

    // Every service, by category, then order, then title.
    QList<ServiceEntry> services() const;
    std::optional<ServiceEntry> service(const QString &id) const;

    // One page of a delta: the services written, the removed ones deleted and the cursor
    // moved, in one transaction (all or nothing).
    bool applyPage(
        const QList<ServiceEntry> &services, const QStringList &removed, const QString &cursor);
};

} // namespace tessera
