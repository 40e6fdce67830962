#pragma once

#include "audience/audience.h"
#include "http/httpresponses.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The body of PUT /v1/subsystem/services/{serviceId}, read strictly: a problem answers 422 with
// the JSON path of the field (invalid_field, invalid_audience, invalid_card).
struct ServiceRequest
{
    static constexpr int maxTitle = 120;
    static constexpr int maxCategory = 60;
    static constexpr int maxDescription = 500;
    static constexpr int maxOrder = 1000; // order is -maxOrder..maxOrder
    static constexpr int maxCallbackUrl = 2000;

    QString title;
    QString category;
    QString icon;
    QString description;
    int order = 0;
    Audience audience;
    QJsonObject form;
    QString callbackUrl; // as given (checked against the key's prefixes by the catalogue); empty:
                         // none

    // A sub-system's own id (serviceId, cardId): [A-Za-z0-9._-]{1,64}.
    static bool isValidOwnId(const QString &id);
    // The request in body, its form checked against hosts; nullopt with *refusal set when it is
    // not one.
    static std::optional<ServiceRequest> read(
        const QJsonObject &body, const QStringList &hosts, HttpResponse *refusal);
};

} // namespace tessera::server
