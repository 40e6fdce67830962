#include "privacy/deviceentry.h"

#include "protocol/wiretime.h"

#include <QRegularExpression>

namespace tessera {

namespace {

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

// A text field of at most maxLength characters (empty allowed when minLength is 0).
bool text(const QJsonObject &object, const QString &key, qsizetype maxLength, QString *out,
    QString *error)
{
    const QJsonValue value = object.value(key);
    if (!value.isString())
        return fail(error, QStringLiteral("%1 is not a string").arg(key));
    const QString s = value.toString();
    if (s.size() > maxLength)
        return fail(error, QStringLiteral("%1 is longer than %2").arg(key).arg(maxLength));
    *out = s;
    return true;
}

bool time(const QJsonObject &object, const QString &key, QDateTime *out, QString *error)
{
    const auto parsed = wiretime::parse(object.value(key).toString());
    if (!parsed)
        return fail(error, QStringLiteral("%1 is not a time").arg(key));
    *out = *parsed;
    return true;
}

} // namespace

std::optional<DeviceEntry> DeviceEntry::fromJson(const QJsonObject &object, QString *error)
{
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_-]{8,64}$"));
    DeviceEntry entry;
    if (!text(object, QStringLiteral("id"), 64, &entry.id, error))
        return std::nullopt;
    if (!idPattern.match(entry.id).hasMatch()) {
        fail(error, QStringLiteral("id is not a device id"));
        return std::nullopt;
    }
    if (!text(object, QStringLiteral("platform"), 32, &entry.platform, error)
        || !text(object, QStringLiteral("osVersion"), 64, &entry.osVersion, error)
        || !text(object, QStringLiteral("model"), 64, &entry.model, error)
        || !text(object, QStringLiteral("appVersion"), 32, &entry.appVersion, error)
        || !time(object, QStringLiteral("createdAt"), &entry.createdAt, error)
        || !time(object, QStringLiteral("lastSeenAt"), &entry.lastSeenAt, error))
        return std::nullopt;
    for (const auto &[key, out] : { std::pair { QStringLiteral("current"), &entry.current },
             std::pair { QStringLiteral("signedIn"), &entry.signedIn } }) {
        const QJsonValue value = object.value(key);
        if (!value.isBool()) {
            fail(error, QStringLiteral("%1 is not a boolean").arg(key));
            return std::nullopt;
        }
        *out = value.toBool();
    }
    return entry;
}

} // namespace tessera
