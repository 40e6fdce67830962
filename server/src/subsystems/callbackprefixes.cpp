#include "subsystems/callbackprefixes.h"

#include "storage/sqlhelpers.h"
#include "subsystems/callbackurl.h"

#include <QSqlQuery>

namespace tessera::server {

std::optional<QStringList> CallbackPrefixes::ofKey(QSqlDatabase &db, const QString &apiKeyId)
{
    const std::optional<QHash<QString, QStringList>> prefixes = ofKeys(db, { apiKeyId });
    if (!prefixes)
        return std::nullopt;
    return prefixes->value(apiKeyId);
}

std::optional<QHash<QString, QStringList>> CallbackPrefixes::ofKeys(
    QSqlDatabase &db, const QStringList &ids)
{
    QHash<QString, QStringList> prefixes;
    if (ids.isEmpty())
        return prefixes;
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT api_key_id, prefix FROM api_key_callback_prefixes WHERE"
                           " api_key_id IN (%1) ORDER BY prefix")
                .arg(sql::placeholders(ids.size())),
            sql::values(ids)))
        return std::nullopt;
    while (query.next())
        prefixes[query.value(0).toString()].append(query.value(1).toString());
    return prefixes;
}

CallbackPrefixes::Checked CallbackPrefixes::check(
    QSqlDatabase &db, const QString &apiKeyId, const QString &given)
{
    using Outcome = Checked::Outcome;
    QString why;
    const std::optional<CallbackUrl> url = CallbackUrl::parse(given, &why);
    if (!url)
        return { Outcome::Invalid, why };
    const std::optional<QStringList> prefixes = ofKey(db, apiKeyId);
    if (!prefixes)
        return { Outcome::Failed, {} };
    return { url->isUnderAny(*prefixes) ? Outcome::Allowed : Outcome::NotAllowed, url->toString() };
}

} // namespace tessera::server
