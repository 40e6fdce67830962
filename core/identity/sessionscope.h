#pragma once

#include <QObject>

#include <memory>

namespace tessera {

class Database;

// What the services of a signed-in person follow: the session's open local database, and
// whether they may run. Session drives it; a service connects to started(), ended() and
// databaseChanged() instead of reading the sign-in state machine.
//
// The services may run (isStarted()) while the person is signed in, unless the app holds them:
// with setHoldOnStart(true) every sign-in, a restore included, is held (isHeld()) until
// release(). The app releases them once the first frame after the sign-in is on screen, so
// that the first inbox frame does not wait for work it does not show (docs/PERFORMANCE.md,
// bench_startup). The database is handed out at once either way. Off by default (tessera-cli,
// tests): the services start on the sign-in itself.
class SessionScope : public QObject
{
    Q_OBJECT
public:
    explicit SessionScope(QObject *parent = nullptr);
    ~SessionScope() override;

    // The open local database (null while there is none: signed out, restoring, unavailable).
    // Holders must drop it on databaseChanged(): sign-out deletes the file.
    std::shared_ptr<Database> database() const { return m_database; }
    bool isStarted() const { return m_signedIn && !m_held; }
    // The person is signed in (the services may be held still).
    bool isSignedIn() const { return m_signedIn; }
    // Signed in, and the services wait for release().
    bool isHeld() const { return m_signedIn && m_held; }

    void setHoldOnStart(bool hold) { m_holdOnStart = hold; }
    // Lets held services start (started()); false (and nothing) when none are held.
    bool release();

    // For Session: the database opened (or another one), or closed (false when there was
    // none: nothing changed).
    void setDatabase(std::shared_ptr<Database> database);
    bool closeDatabase();
    // For Session: the person is signed in, or no longer.
    void setSignedIn(bool signedIn);

Q_SIGNALS:
    // database() opened or closed (drop any copy of the old one at once).
    void databaseChanged();
    // The services may run now: a sign-in, or release() after one.
    void started();
    // A sign-in whose services are held until release().
    void held();
    // The sign-in ended (the services stop, held or not).
    void ended();

private:
    std::shared_ptr<Database> m_database;
    bool m_signedIn = false;
    bool m_holdOnStart = false;
    bool m_held = false; // since the last sign-in, until release()
};

} // namespace tessera
