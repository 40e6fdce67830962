#include "storage/localsetting.h"

#include "net/apireply.h"
#include "storage/database.h"

#include <cstdlib>

namespace tessera {

namespace localsetting {

std::optional<QString> read(Database &db, const QString &name)
{
    SqlStatement statement = db.prepare("SELECT value FROM settings WHERE name = ?1");
    if (!statement.isValid())
        return std::nullopt;
    statement.bindText(1, name);
    if (statement.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return statement.columnText(0);
}

bool write(Database &db, const QString &name, const QString &value)
{
    SqlStatement statement =
        db.prepare("INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)");
    if (!statement.isValid())
        return false;
    statement.bindText(1, name);
    statement.bindText(2, value);
    return statement.exec();
}

} // namespace localsetting

namespace serverclock {

namespace {
const QString offsetSetting = QStringLiteral("clock.serverOffsetMs");
}

std::optional<qint64> offsetOf(const ApiReply &reply, qint64 localNowMs)
{
    if (!reply.serverDate.isValid())
        return std::nullopt;
    // The header's whole second began up to 1 s before the answer: take its middle.
    const qint64 offset = reply.serverDate.toMSecsSinceEpoch() + 500 - localNowMs;
    return std::llabs(offset) < ignoredBelowMs ? 0 : offset;
}

qint64 load(Database &db)
{
    const std::optional<QString> text = localsetting::read(db, offsetSetting);
    bool ok = false;
    const qint64 value = text ? text->toLongLong(&ok) : 0;
    return ok ? value : 0;
}

bool save(Database &db, qint64 offsetMs)
{
    return localsetting::write(db, offsetSetting, QString::number(offsetMs));
}

qint64 nowMs(qint64 offsetMs)
{
    return QDateTime::currentMSecsSinceEpoch() + offsetMs;
}

} // namespace serverclock

} // namespace tessera
