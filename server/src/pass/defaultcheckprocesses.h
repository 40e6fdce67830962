#pragma once

#include <QJsonObject>
#include <QList>

namespace tessera::server {

// The check processes a new server starts with (office-entry, site-entry, medical-check; docs/
// PASS_FORMAT.md); admins edit them (PUT /v1/admin/check-processes/{name}).
QList<QJsonObject> defaultCheckProcesses();

} // namespace tessera::server
