#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace tessera::server {

// The event object a sub-system reads (docs/NOTIFICATIONS.md, "Events"), version 1: a webhook's
// body (with its deliveryId) and an item of GET /v1/subsystem/events. Built here only.
class SubsystemEvent
{
public:
    static constexpr int version = 1;

    enum class Type { Decided, Approval, Expired, Withdrawn, DeliveryFailed, Ping };

    // Who decided, how and when (notification.decided, notification.approval).
    struct Decision
    {
        QString action;
        QString comment; // empty: null
        QJsonValue inputs = QJsonValue(QJsonValue::Null);
        QString decidedBy;
        QString decidedByName;
        QString decidedAt;
        QString decidedVia;
    };

    // "notification.decided", "notification.expired", ...
    static QString typeName(Type type);
    // A new event (a new "evt_" id) about notificationId. The decision's fields are null without
    // a decision; extra adds fields as given (an "approvals" array, a "deliveryId").
    static QJsonObject make(Type type, const QString &notificationId, const QString &reference,
        const QString &createdAt, const std::optional<Decision> &decision = std::nullopt,
        const QJsonObject &extra = {});
    // A webhook's body: the event and the delivery's id, as compact JSON text.
    static QString webhookBody(const QJsonObject &event, const QString &deliveryId);
};

} // namespace tessera::server
