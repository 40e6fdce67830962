#pragma once

#include <QString>

#include <functional>

namespace tessera::server {

// Told when a person's sessions on deviceId end (every device's when it is empty), so that
// their live streams close (StreamHub::endSessions). Thread-safe; called after the change is
// committed and before its answer is sent.
using SessionsEnded = std::function<void(const QString &userId, const QString &deviceId)>;

} // namespace tessera::server
