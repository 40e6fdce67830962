#include "services/servicerepository.h"

#include "audience/audiencehistory.h"
#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString selectColumns = QStringLiteral(
    "SELECT s.id, s.api_key_id, s.service_id, s.title, s.category, s.icon, s.description,"
    " s.sort_order, s.audience, s.form, s.version, s.updated_at, s.withdrawn, s.change_id,"
    " k.subsystem, CASE WHEN k.revoked_at IS NULL THEN 0 ELSE 1 END, s.callback_url"
    " FROM services s JOIN api_keys k ON k.id = s.api_key_id");

ServiceRepository::Stored read(const QSqlQuery &query)
{
    ServiceRepository::Stored service;
    service.id = query.value(0).toString();
    service.apiKeyId = query.value(1).toString();
    service.serviceId = query.value(2).toString();
    service.title = query.value(3).toString();
    service.category = query.value(4).toString();
    service.icon = query.value(5).toString();
    service.description = query.value(6).toString();
    service.order = query.value(7).toInt();
    service.audience = query.value(8).toString();
    service.form = query.value(9).toString();
    service.version = query.value(10).toLongLong();
    service.updatedAt = query.value(11).toString();
    service.withdrawn = query.value(12).toInt() != 0;
    service.changeId = query.value(13).toLongLong();
    service.sourceName = query.value(14).toString();
    service.keyRevoked = query.value(15).toInt() != 0;
    service.callbackUrl = query.value(16).toString();
    return service;
}

bool findOne(QSqlDatabase &db, const QString &where, const QVariantList &values,
    std::optional<ServiceRepository::Stored> *found)
{
    QSqlQuery query(db);
    if (!sql::exec(query, selectColumns + QStringLiteral(" WHERE ") + where, values))
        return false;
    *found = query.next() ? std::optional(read(query)) : std::nullopt;
    return true;
}

QVariantList fields(const ServiceRepository::Stored &service)
{
    return { service.title, service.category, sql::textOrNull(service.icon),
        sql::textOrNull(service.description), service.order, service.audience, service.form,
        service.version, service.updatedAt, service.withdrawn ? 1 : 0,
        sql::textOrNull(service.callbackUrl) };
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

bool ServiceRepository::findByKey(QSqlDatabase &db, const QString &apiKeyId,
    const QString &serviceId, std::optional<Stored> *found)
{
    return findOne(db, QStringLiteral("s.api_key_id = ? AND s.service_id = ?"),
        { apiKeyId, serviceId }, found);
}

bool ServiceRepository::find(QSqlDatabase &db, const QString &id, std::optional<Stored> *found)
{
    return findOne(db, QStringLiteral("s.id = ?"), { id }, found);
}

std::optional<QStringList> ServiceRepository::activeIdsOfKey(
    QSqlDatabase &db, const QString &apiKeyId)
{
    return sql::strings(db,
        QStringLiteral("SELECT service_id FROM services WHERE api_key_id = ? AND withdrawn = 0"
                       " ORDER BY service_id"),
        { apiKeyId });
}

bool ServiceRepository::insert(QSqlDatabase &db, const Stored &service)
{
    QSqlQuery query(db);
    return sql::exec(query,
               QStringLiteral(
                   "INSERT INTO services (id, api_key_id, service_id, title, category, icon,"
                   " description, sort_order, audience, form, version, updated_at, withdrawn,"
                   " callback_url, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                   " ?, ?)"),
               QVariantList { service.id, service.apiKeyId, service.serviceId } + fields(service)
                   + QVariantList { service.changeId })
        // Every audience the service has had: who may be told that it is removed.
        && AudienceHistory::remember(db, "services", service.id, service.audience);
}

bool ServiceRepository::update(QSqlDatabase &db, const Stored &service)
{
    QSqlQuery query(db);
    return sql::exec(query,
               QStringLiteral("UPDATE services SET title = ?, category = ?, icon = ?,"
                              " description = ?, sort_order = ?, audience = ?, form = ?,"
                              " version = ?, updated_at = ?, withdrawn = ?, callback_url = ?"
                              " WHERE id = ?"),
               fields(service) + QVariantList { service.id })
        && query.numRowsAffected() == 1
        && AudienceHistory::remember(db, "services", service.id, service.audience);
}

bool ServiceRepository::stamp(QSqlDatabase &db, const QString &id, qint64 changeId)
{
    QSqlQuery query(db);
    return sql::exec(
        query, QStringLiteral("UPDATE services SET change_id = ? WHERE id = ?"), { changeId, id });
}

std::optional<QList<ServiceRepository::Stored>> ServiceRepository::changedSince(
    QSqlDatabase &db, qint64 since, int limit, bool liveOnly)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            selectColumns + QStringLiteral(" WHERE s.change_id > ?")
                + (liveOnly ? QStringLiteral(" AND s.withdrawn = 0 AND k.revoked_at IS NULL")
                            : QString())
                + QStringLiteral(" ORDER BY s.change_id LIMIT ") + QString::number(limit),
            { since }))
        return std::nullopt;
    QList<Stored> services;
    while (query.next())
        services.append(read(query));
    return services;
}

std::optional<int> ServiceRepository::liveCount(QSqlDatabase &db, const QString &apiKeyId)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT COUNT(*) FROM services WHERE api_key_id = ? AND withdrawn = 0"),
            { apiKeyId })
        || !query.next())
        return std::nullopt;
    return query.value(0).toInt();
}

QJsonObject ServiceRepository::toJson(const Stored &service)
{
    return QJsonObject {
        { QStringLiteral("id"), service.id },
        { QStringLiteral("title"), service.title },
        { QStringLiteral("category"), service.category },
        { QStringLiteral("icon"), textOrNull(service.icon) },
        { QStringLiteral("description"), textOrNull(service.description) },
        { QStringLiteral("order"), service.order },
        { QStringLiteral("form"), QJsonDocument::fromJson(service.form.toUtf8()).object() },
        { QStringLiteral("version"), service.version },
        { QStringLiteral("updatedAt"), service.updatedAt },
        { QStringLiteral("source"),
            QJsonObject { { QStringLiteral("name"), service.sourceName } } },
    };
}

} // namespace tessera::server
