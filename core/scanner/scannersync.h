#pragma once

#include "protocol/checkprocess.h"
#include "protocol/passverifier.h"
#include "protocol/trustbundle.h"
#include "protocol/trustlist.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>

namespace tessera {

class Database;
class AuthorizedApi;
class SessionScope;
struct UserProfile;
struct ApiReply;

// What a scanner device needs to check passes offline, kept in the encrypted
// database (migration 5): the issuer keys (GET /v1/trust), the pass ids revoked since the last
// cursor (GET /v1/revocations?since=, scanner role only) and the check processes (GET
// /v1/check-processes). Synced when the session signs in (once its services are released:
// SessionScope::isStarted()) and every syncInterval, and on sync().
//
// A trust list older than maxTrustAge (7 days by default: DESIGN "the scanner refuses a trust
// list older than a configured age") is refused: verifier() answers nullopt with words, and the
// state is Stale until a sync succeeds. Times are by the device clock corrected with the
// server's Date header (serverclock), the same clock the scanner verifies with (nowUnix()).
class ScannerSync : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QDateTime lastSyncedAt READ lastSyncedAt NOTIFY syncedChanged)
    Q_PROPERTY(QVariantList processes READ processList NOTIFY syncedChanged)
    Q_PROPERTY(int revokedCount READ revokedCount NOTIFY syncedChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorChanged)
public:
    enum class State {
        NotSynced, // no trust list on this device yet (or not a scanner)
        Syncing, // the first sync is on its way
        Ready, // scans can be checked
        Stale, // the trust list is older than maxTrustAge: scans are refused until a sync
        Error, // errorMessage: no scanner role, or no data and the sync failed
    };
    Q_ENUM(State)

    using Clock = std::function<qint64()>; // Unix milliseconds

    static constexpr qint64 defaultMaxTrustAgeSeconds = qint64 { 7 } * 24 * 3600;
    static constexpr int defaultSyncIntervalSeconds = 15 * 60;
    static constexpr int maxRevocationPages = 100;

    // api, scope and profile (the signed-in person's: Session::profile(), whose role scanner
    // lets it sync) must outlive this object.
    explicit ScannerSync(AuthorizedApi &api, SessionScope &scope, const UserProfile &profile,
        QObject *parent = nullptr);
    ~ScannerSync() override;

    State state() const { return m_state; }
    bool isBusy() const { return m_syncing; }
    QDateTime lastSyncedAt() const { return m_syncedAt; }
    // [{name, title}] of the synced check processes, in the server's order.
    QVariantList processList() const;
    int revokedCount() const { return static_cast<int>(m_revoked.size()); }
    QString errorMessage() const { return m_errorMessage; }

    void setMaxTrustAge(qint64 seconds);
    qint64 maxTrustAge() const { return m_maxTrustAge; }
    void setSyncInterval(std::chrono::milliseconds interval);
    // This device's clock (default: the system clock); tests move it.
    void setDeviceClock(Clock unixMs);

    // The corrected clock (server's Date header), Unix seconds: give it to Scanner::setClock.
    qint64 nowUnix() const;
    // A clock function for Scanner::setClock (safe on its worker thread: it copies the offset).
    std::function<qint64()> scannerClock() const;

    // The verifier for a scan now; nullopt, with the words in error, when there is no synced
    // trust list or it is older than maxTrustAge.
    std::optional<pass::PassVerifier> verifier(QString *error = nullptr) const;
    QList<pass::CheckProcess> checkProcesses() const { return m_processes; }
    std::optional<pass::CheckProcess> checkProcess(const QString &name) const;
    // What the last sync brought (trust list, check processes, revocations, when), for an
    // offline trust file (tessera-cli trust save); nullopt before any sync. Not checked for age.
    std::optional<pass::TrustBundle> trustBundle() const;

    // Fetches the trust list, the check processes and the revocations now.
    Q_INVOKABLE void sync();

Q_SIGNALS:
    void stateChanged();
    void busyChanged();
    void syncedChanged(); // new trust data (a sync, or loaded from the database)
    void errorChanged();
    // sync() came to its end: ok when everything was fetched and stored.
    void finished(bool ok);

private:
    struct Fetched;

    void followSession();
    void clear();
    bool load();
    void fetchRevocations(const std::shared_ptr<Fetched> &fetched, int page);
    void fail(const QString &message);
    bool storeFetched(const Fetched &fetched);
    void updateState();
    void setState(State state);
    void setError(const QString &message);
    void setSyncing(bool syncing);
    void noteClock(const ApiReply &reply);
    qint64 deviceNowMs() const;

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    const UserProfile &m_profile; // the signed-in person's (Session::profile()), read at each sync
    std::shared_ptr<Database> m_database;
    std::optional<pass::TrustList> m_trust;
    QList<pass::CheckProcess> m_processes;
    QSet<QString> m_revoked;
    QDateTime m_syncedAt; // corrected clock
    qint64 m_offsetMs = 0;
    qint64 m_maxTrustAge = defaultMaxTrustAgeSeconds;
    Clock m_deviceClock;
    State m_state = State::NotSynced;
    QString m_errorMessage;
    bool m_syncing = false;
    quint64 m_generation = 0;
    int m_intervalMs = defaultSyncIntervalSeconds * 1000;
    QTimer m_timer;
};

} // namespace tessera
