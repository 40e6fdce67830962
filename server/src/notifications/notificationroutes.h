#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

#include <QJsonObject>
#include <QString>

namespace tessera::server {

class FormCheck;
class NotificationService;

// The sub-system's routes of notifications (docs/NOTIFICATIONS.md): POST and GET
// /v1/notifications, GET and DELETE /v1/notifications/{id}, GET /v1/notifications/{id}/deliveries.
// Each reads its request, asks the NotificationService and writes the answer. A notification's
// card is checked (NotificationCard, with check's card hosts) before anything is stored.
class NotificationRoutes
{
public:
    NotificationRoutes(NotificationService &service, const FormCheck &check);

    void addRoutes(RouteTable &routes);

    HttpResponse create(const HttpRequest &request);
    HttpResponse withdraw(const HttpRequest &request);
    HttpResponse list(const HttpRequest &request);
    HttpResponse one(const HttpRequest &request);
    HttpResponse deliveries(const HttpRequest &request);

    // An error answer that also carries the item as it is now ("current").
    static HttpResponse errorWithCurrent(
        int status, const QString &code, const QString &message, const QJsonObject &item);

private:
    NotificationService &m_service;
    const FormCheck &m_check;
};

} // namespace tessera::server
