#include "protocol/trustbundle.h"

#include "protocol/jsonfields.h"
#include "protocol/wiretime.h"

#include <QJsonArray>

#include <algorithm>

namespace tessera::pass {

namespace {

const QString formatName = QStringLiteral("tessera-trust-1");

} // namespace

QJsonObject TrustBundle::toJson() const
{
    QJsonArray processList;
    for (const CheckProcess &process : processes)
        processList.append(process.toJson());
    QStringList ids(revoked.cbegin(), revoked.cend());
    std::sort(ids.begin(), ids.end());
    return QJsonObject {
        { QStringLiteral("format"), formatName },
        { QStringLiteral("syncedAt"), wiretime::format(syncedAt) },
        { QStringLiteral("trust"), trust.toJson() },
        { QStringLiteral("checkProcesses"),
            QJsonObject { { QStringLiteral("processes"), processList } } },
        { QStringLiteral("revoked"), QJsonArray::fromStringList(ids) },
    };
}

std::optional<TrustBundle> TrustBundle::fromJson(const QJsonObject &object, QString *error)
{
    const auto fail = [error](const QString &text) -> std::optional<TrustBundle> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    const QStringList unknown = json::unknownFields(object,
        { QStringLiteral("format"), QStringLiteral("syncedAt"), QStringLiteral("trust"),
            QStringLiteral("checkProcesses"), QStringLiteral("revoked") });
    if (!unknown.isEmpty())
        return fail(unknown.first() + QStringLiteral(": unknown field"));
    if (object.value(QStringLiteral("format")).toString() != formatName)
        return fail(QStringLiteral("format: must be \"%1\"").arg(formatName));
    TrustBundle bundle;
    const auto syncedAt = wiretime::parse(object.value(QStringLiteral("syncedAt")).toString());
    if (!syncedAt)
        return fail(QStringLiteral("syncedAt: must be an RFC 3339 time"));
    bundle.syncedAt = *syncedAt;
    if (!object.value(QStringLiteral("trust")).isObject())
        return fail(QStringLiteral("trust: must be an object"));
    QString problem;
    const auto trust =
        TrustList::fromJson(object.value(QStringLiteral("trust")).toObject(), &problem);
    if (!trust)
        return fail(QStringLiteral("trust: ") + problem);
    bundle.trust = *trust;
    if (!object.value(QStringLiteral("checkProcesses")).isObject())
        return fail(QStringLiteral("checkProcesses: must be an object"));
    const auto processes = CheckProcess::listFromJson(
        object.value(QStringLiteral("checkProcesses")).toObject(), &problem);
    if (!processes)
        return fail(QStringLiteral("checkProcesses: ") + problem);
    bundle.processes = *processes;
    const QJsonValue revoked = object.value(QStringLiteral("revoked"));
    if (!revoked.isArray())
        return fail(QStringLiteral("revoked: must be an array"));
    const QJsonArray ids = revoked.toArray();
    if (ids.size() > maxRevoked)
        return fail(QStringLiteral("revoked: more than %1 ids").arg(maxRevoked));
    for (const auto &id : ids) {
        const QString text = id.toString();
        if (!id.isString() || text.isEmpty() || text.size() > 64)
            return fail(QStringLiteral("revoked: items must be pass ids (1 to 64 characters)"));
        bundle.revoked.insert(text);
    }
    return bundle;
}

} // namespace tessera::pass
