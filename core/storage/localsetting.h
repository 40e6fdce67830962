#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace tessera {

class Database;
struct ApiReply;

// Named values in the local database's settings table (migration 1).
namespace localsetting {
std::optional<QString> read(Database &db, const QString &name);
bool write(Database &db, const QString &name, const QString &value);
} // namespace localsetting

// The server's clock as seen from this device, from the answers' Date header (DESIGN: the app
// corrects its clock from the server's Date for the pass's time step and the scanner's checks).
// The offset (server minus local, milliseconds) is kept in the settings row
// "clock.serverOffsetMs" so that it holds offline too. The Date header has whole seconds, so
// offsets under 2 s count as none (the verifier accepts one step either side anyway).
namespace serverclock {
inline constexpr qint64 ignoredBelowMs = 2000;
// The offset an answer shows against the device's clock at localNowMs; nullopt when it has no
// Date header.
std::optional<qint64> offsetOf(
    const ApiReply &reply, qint64 localNowMs = QDateTime::currentMSecsSinceEpoch());
qint64 load(Database &db); // 0 when none is stored
bool save(Database &db, qint64 offsetMs);
// Unix milliseconds by the corrected clock.
qint64 nowMs(qint64 offsetMs);
} // namespace serverclock

} // namespace tessera
