// InboxStore's announced marks: InboxNotifier's list of the items it notified, a bounded row of
// the database's settings (base's table), so that a restart remembers them.
#include "inbox/inboxstore.h"
#include "storage/database.h"
#include "storage/localsetting.h"
#include "storage/sqlstatement.h"

namespace tessera {

namespace {

const QString announcedSetting = QStringLiteral("notify.announcedItems");
// Where PushClient kept the items pushes announced before InboxNotifier kept them all.
const QString pushRecentSetting = QStringLiteral("push.recentItems");

} // namespace

QStringList InboxStore::announcedItems() const
{
    Database *db = database();
    if (db == nullptr)
        return {};
    std::optional<QString> stored = localsetting::read(*db, announcedSetting);
    if (!stored)
        stored = localsetting::read(*db, pushRecentSetting);
    if (!stored)
        return {};
    return stored->split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

bool InboxStore::setAnnouncedItems(const QStringList &ids)
{
    Database *db = database();
    if (db == nullptr || !localsetting::write(*db, announcedSetting, ids.join(QLatin1Char(' '))))
        return false;
    // Best effort: the old row is read only while the new one is absent.
    SqlStatement forget = db->prepare("DELETE FROM settings WHERE name = ?1");
    if (forget.isValid()) {
        forget.bindText(1, pushRecentSetting);
        static_cast<void>(forget.exec());
    }
    return true;
}

} // namespace tessera
