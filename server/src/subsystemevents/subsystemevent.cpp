#include "subsystemevents/subsystemevent.h"

#include "crypto/randomtokens.h"

#include <QJsonDocument>

namespace tessera::server {

namespace {

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QString SubsystemEvent::typeName(Type type)
{
    switch (type) {
    case Type::Decided:
        return QStringLiteral("notification.decided");
    case Type::Approval:
        return QStringLiteral("notification.approval");
    case Type::Expired:
        return QStringLiteral("notification.expired");
    case Type::Withdrawn:
        return QStringLiteral("notification.withdrawn");
    case Type::DeliveryFailed:
        return QStringLiteral("delivery.failed");
    case Type::Ping:
        break;
    }
    return QStringLiteral("ping");
}

QJsonObject SubsystemEvent::make(Type type, const QString &notificationId, const QString &reference,
    const QString &createdAt, const std::optional<Decision> &decision, const QJsonObject &extra)
{
    const Decision none;
    const Decision &given = decision ? *decision : none;
    QJsonObject event {
        { QStringLiteral("type"), typeName(type) },
        { QStringLiteral("version"), version },
        { QStringLiteral("eventId"), randomtokens::urlSafe(QStringLiteral("evt_"), 16) },
        { QStringLiteral("createdAt"), createdAt },
        { QStringLiteral("notificationId"), textOrNull(notificationId) },
        { QStringLiteral("reference"), textOrNull(reference) },
        { QStringLiteral("action"), textOrNull(given.action) },
        { QStringLiteral("comment"), textOrNull(given.comment) },
        { QStringLiteral("inputs"), given.inputs },
        { QStringLiteral("decidedBy"), textOrNull(given.decidedBy) },
        { QStringLiteral("decidedByName"), textOrNull(given.decidedByName) },
        { QStringLiteral("decidedAt"), textOrNull(given.decidedAt) },
        { QStringLiteral("decidedVia"), textOrNull(given.decidedVia) },
    };
    for (auto it = extra.begin(); it != extra.end(); ++it)
        event.insert(it.key(), it.value());
    return event;
}

QString SubsystemEvent::webhookBody(const QJsonObject &event, const QString &deliveryId)
{
    QJsonObject body = event;
    body.insert(QStringLiteral("deliveryId"), deliveryId);
    return QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace tessera::server
