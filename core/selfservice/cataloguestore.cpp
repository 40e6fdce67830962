#include "selfservice/cataloguestore.h"

#include "selfservice/internal/cursors.h"
#include "selfservice/selfservicelogging.h"
#include "storage/database.h"
#include "storage/sqltransaction.h"

#include <QJsonDocument>

namespace tessera {

namespace {

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

} // namespace

CatalogueStore::CatalogueStore(std::shared_ptr<Database> database, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
{ }

CatalogueStore::~CatalogueStore() = default;

void CatalogueStore::setDatabase(std::shared_ptr<Database> database)
{
    if (database == m_database)
        return;
    m_database = std::move(database);
    Q_EMIT changed();
}

QList<ServiceEntry> CatalogueStore::services() const
{
    QList<ServiceEntry> all;
    if (!m_database)
        return all;
    SqlStatement select = m_database->prepare(
        QByteArray(selectColumns).append(" ORDER BY category, sort_order, title, id"));
    while (select.step() == SqlStatement::Step::Row)
        all.append(readRow(select));
    return all;
}

std::optional<ServiceEntry> CatalogueStore::service(const QString &id) const
{
    if (!m_database)
        return std::nullopt;
    SqlStatement select = m_database->prepare(QByteArray(selectColumns).append(" WHERE id = ?1"));
    select.bindText(1, id);
    if (select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readRow(select);
}

QString CatalogueStore::cursor() const
{
    return m_database ? selfservice::readCursor(*m_database, QLatin1String(servicesCursor))
                      : QString();
}

bool CatalogueStore::applyPage(
    const QList<ServiceEntry> &services, const QStringList &removed, const QString &cursor)
{
    if (!m_database)
        return false;
    SqlTransaction transaction(*m_database);
    if (!transaction.isActive())
        return false;
    SqlStatement write = m_database->prepare(
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
    SqlStatement remove = m_database->prepare("DELETE FROM selfservice_services WHERE id = ?1");
    for (const QString &id : removed) {
        remove.reset();
        remove.bindText(1, id);
        if (!remove.exec())
            return false;
    }
    if (!selfservice::writeCursor(*m_database, QLatin1String(servicesCursor), cursor)
        || !transaction.commit())
        return false;
    if (!services.isEmpty() || !removed.isEmpty())
        Q_EMIT changed();
    return true;
}

} // namespace tessera
