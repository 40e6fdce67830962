#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The hosts an API key's cards may link to besides the server's own (api_keys.card_hosts:
// lower-case DNS names separated by spaces). An admin sets them; a card linking anywhere else is
// refused at publish (no tracking pixels, no addresses leaked to other hosts).
class CardHosts
{
public:
    static constexpr qsizetype maxHosts = 20;
    static constexpr qsizetype maxHostLength = 253;

    // The hosts of one key; nullopt when the database fails (an unknown key has none).
    static std::optional<QStringList> ofKey(QSqlDatabase &db, const QString &apiKeyId);
    // hosts lower-cased, each once, in order; nullopt (and *problem naming the index) when one is
    // not a DNS name or there are more than maxHosts.
    static std::optional<QStringList> normalized(const QStringList &hosts, QString *problem);
    static QString toStored(const QStringList &hosts);
    static QStringList fromStored(const QString &stored);
};

} // namespace tessera::server
