#include "cards/cardhosts.h"

#include "storage/sqlhelpers.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace tessera::server {

std::optional<QStringList> CardHosts::ofKey(QSqlDatabase &db, const QString &apiKeyId)
{
    QSqlQuery query(db);
    if (!sql::exec(
            query, QStringLiteral("SELECT card_hosts FROM api_keys WHERE id = ?"), { apiKeyId }))
        return std::nullopt;
    return query.next() ? fromStored(query.value(0).toString()) : QStringList();
}

std::optional<QStringList> CardHosts::normalized(const QStringList &hosts, QString *problem)
{
    // Labels of letters, digits and inner hyphens, separated by dots (no ports, no addresses'
    // brackets, no trailing dot), at least two of them (no "localhost"), not all digits (no IPv4
    // address such as 10.0.0.1); ':' is refused with any other character (no IPv6 address).
    static const QRegularExpression dnsName(QStringLiteral(
        "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$"));
    static const QRegularExpression allDigits(QStringLiteral("^[0-9.]+$"));
    if (hosts.size() > maxHosts) {
        *problem = QStringLiteral("“hosts” has more than %1 hosts.").arg(maxHosts);
        return std::nullopt;
    }
    QStringList result;
    for (qsizetype i = 0; i < hosts.size(); ++i) {
        const QString host = hosts.at(i).toLower();
        if (host.size() > maxHostLength || !dnsName.match(host).hasMatch()
            || allDigits.match(host).hasMatch()) {
            *problem = QStringLiteral("“hosts[%1]” (%2) is not a DNS name with a dot such as "
                                      "media.example.com (no scheme, port, path or IP address).")
                           .arg(i)
                           .arg(hosts.at(i).left(80));
            return std::nullopt;
        }
        if (!result.contains(host))
            result.append(host);
    }
    return result;
}

QString CardHosts::toStored(const QStringList &hosts)
{
    // Never a null string: the column is NOT NULL, and QtSql binds a null QString as NULL.
    return hosts.isEmpty() ? QStringLiteral("") : hosts.join(QLatin1Char(' '));
}

QStringList CardHosts::fromStored(const QString &stored)
{
    return stored.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace tessera::server
