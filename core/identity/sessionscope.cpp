#include "identity/sessionscope.h"

#include "base/logging.h"
#include "storage/database.h"

namespace tessera {

SessionScope::SessionScope(QObject *parent)
    : QObject(parent)
{ }

SessionScope::~SessionScope() = default;

bool SessionScope::release()
{
    if (!m_held)
        return false;
    m_held = false;
    qCDebug(lcSession) << "session: services released";
    if (m_signedIn)
        Q_EMIT started();
    return true;
}

void SessionScope::setDatabase(std::shared_ptr<Database> database)
{
    m_database = std::move(database);
    Q_EMIT databaseChanged();
}

bool SessionScope::closeDatabase()
{
    if (!m_database)
        return false;
    m_database.reset();
    Q_EMIT databaseChanged();
    return true;
}

void SessionScope::setSignedIn(bool signedIn)
{
    if (m_signedIn == signedIn)
        return;
    m_signedIn = signedIn;
    if (!signedIn) {
        Q_EMIT ended();
        return;
    }
    // Held before anyone hears of the sign-in, so that no service starts on it.
    m_held = m_holdOnStart;
    Q_EMIT(m_held ? held() : started());
}

} // namespace tessera
