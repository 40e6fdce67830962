#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.client.privacy: the data export, privacy requests, devices (never a password, a token or
// the export's contents).
Q_DECLARE_LOGGING_CATEGORY(lcPrivacy)

} // namespace tessera
