#include "selfservice/cataloguestore.h"

#include "selfservice/selfservicelogging.h"
#include "storage/database.h"
#include "storage/sqlrows.h"

#include <QJsonDocument>

namespace tessera {

namespace {

// The cursor's row in selfservice_cursors.
constexpr char servicesCursor[] = "services";

ServiceEntry readRow(const SqlStatement &row)
{
    ServiceEntry entry;
    entry.id = row.columnText(0);
    entry.title = row.columnText(1);
    entry.category = row.columnText(2);
    entry.icon = row.columnText(3);
    entry.description = row.columnText(4);
    entry.order = int(row.columnInt64(5));
    entry.form = QJsonDocument::fromJson(row.columnUtf8(6)).object();
    entry.version = row.columnInt64(7);
    entry.updatedAt = QDateTime::fromString(row.columnText(8), Qt::ISODateWithMs);
    entry.source = row.columnText(9);
    return entry;
}

constexpr char selectColumns[] = "SELECT id, title, category, icon, description, sort_order, form, "
                                 "version, updated_at, source FROM selfservice_services";

// The services written and the removed ones deleted (inside the page's transaction).
bool writeServices(
    Database &database, const QList<ServiceEntry> &services, const QStringList &removed)
{
    SqlStatement write = database.prepare(
        "INSERT OR REPLACE INTO selfservice_services (id, title, category, icon, description, "
        "sort_order, form, version, updated_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10)");
    for (const ServiceEntry &entry : services) {
        write.reset();
        write.bindText(1, entry.id);
        write.bindText(2, entry.title);
        write.bindText(3, entry.category);
        write.bindText(4, entry.icon);
        write.bindText(5, entry.description);
        write.bindInt64(6, entry.order);
        write.bindUtf8(7, QJsonDocument(entry.form).toJson(QJsonDocument::Compact));
        write.bindInt64(8, entry.version);
        write.bindText(9, entry.updatedAt.toUTC().toString(Qt::ISODateWithMs));
        write.bindText(10, entry.source);
        if (!write.exec()) {
            qCWarning(lcSelfService) << "catalogue write failed";
            return false;
        }
    }
    SqlStatement remove = database.prepare("DELETE FROM selfservice_services WHERE id = ?1");
    for (const QString &id : removed) {
        remove.reset();
        remove.bindText(1, id);
        if (!remove.exec())
            return false;
    }
    return true;
}

} // namespace

CatalogueStore::CatalogueStore(std::shared_ptr<Database> database, QObject *parent)
    : DeltaStore(std::move(database), "selfservice_cursors", QLatin1String(servicesCursor),
        "selfservice_services", parent)
{ }

CatalogueStore::~CatalogueStore() = default;

QList<ServiceEntry> CatalogueStore::services() const
{
    if (!database())
        return {};
    return rowsOf(
        database()->prepare(
            QByteArray(selectColumns).append(" ORDER BY category, sort_order, title, id")),
        readRow, "reading the services");
}

std::optional<ServiceEntry> CatalogueStore::service(const QString &id) const
{
    if (!database())
        return std::nullopt;
    SqlStatement select = database()->prepare(QByteArray(selectColumns).append(" WHERE id = ?1"));
    select.bindText(1, id);
    if (select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readRow(select);
}

bool CatalogueStore::applyPage(
    const QList<ServiceEntry> &services, const QStringList &removed, const QString &cursor)
{
    const bool changesRows = !services.isEmpty() || !removed.isEmpty();
    return writePage(cursor, changesRows, [&services, &removed](Database &database) {
        return writeServices(database, services, removed);
    });
}

} // namespace tessera
