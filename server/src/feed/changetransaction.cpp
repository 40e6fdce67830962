#include "feed/changetransaction.h"

#include "feed/changefeed.h"
#include "storage/storage.h"

namespace tessera::server {

ChangeTransaction::ChangeTransaction(ChangeFeed &feed)
    : m_feed(feed)
    , m_db(feed.storage().connection())
    , m_locker(&feed.mutex())
{
    m_transaction.emplace(m_db);
    m_active = m_transaction->isActive() && m_feed.lockDatabase(m_db);
}

ChangeTransaction::~ChangeTransaction()
{
    m_transaction.reset(); // rolls back unless committed, before the lock goes
}

std::optional<qint64> ChangeTransaction::record(Change change)
{
    if (!m_active)
        return std::nullopt;
    const std::optional<qint64> cursor = m_feed.take(m_db, change);
    if (!cursor)
        return std::nullopt;
    change.cursor = *cursor;
    m_changes.append(std::move(change));
    return cursor;
}

bool ChangeTransaction::commit()
{
    // The other nodes' hints go with the commit: PostgreSQL delivers them only if it commits.
    if (!m_active || !m_feed.notifyNodes(m_db, m_changes) || !m_transaction->commit())
        return false;
    m_active = false;
    m_transaction.reset();
    m_locker.unlock();
    m_feed.published(m_changes);
    return true;
}

} // namespace tessera::server
