#include "identity/useraccount.h"

#include <QJsonArray>
#include <QJsonValue>

namespace tessera::server {

QJsonObject UserAccount::toJson() const
{
    const auto textOrNull = [](const QString &value) {
        return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
    };
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("kind"), kind },
        { QStringLiteral("username"), username },
        { QStringLiteral("employeeId"),
            userType == QStringLiteral("employee") ? QJsonValue(id)
                                                   : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("displayName"), displayName },
        { QStringLiteral("email"), textOrNull(email) },
        { QStringLiteral("department"), textOrNull(department) },
        { QStringLiteral("userType"), userType },
        { QStringLiteral("geo"), textOrNull(geo) },
        { QStringLiteral("roles"), QJsonArray::fromStringList(roles) },
    };
}

} // namespace tessera::server
