#pragma once

#include "identity/tokenpair.h"
#include "net/apiclient.h"
#include "net/backoff.h"
#include "storage/secretstore.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>
#include <vector>

namespace tessera {

class Database;

// Keeps the session's token pair: in memory, in the SecretStore (each token well under 200
// bytes), and fresh. The access token is refreshed at 80% of its lifetime (at least five
// minutes before it expires); a refresh that fails for a reason other than the end of the
// session is retried with a doubling delay (4, 8, 16 s ... at most 15 minutes, or longer when
// the server asks with Retry-After). Concurrent refreshes share one request.
//
// The keeper knows nothing of the person or the local database: it says what happened through
// refreshed() and ended() and leaves the rest to Session.
class TokenKeeper : public QObject
{
    Q_OBJECT
public:
    enum class RefreshOutcome { Ok, Ended, Failed };
    using RefreshDone = std::function<void(RefreshOutcome, const ApiReply &)>;

    // Secret names in the store. Session gives the keeper a SessionVault, which keeps both in
    // one record with the database key (the device key has its own entry).
    static QString refreshTokenSecret() { return QStringLiteral("refresh-token"); }
    static QString accessTokenSecret() { return QStringLiteral("access-token"); }

    static constexpr int firstRetrySeconds = 4;
    static constexpr int lastRetrySeconds = 15 * 60;
    static constexpr qint64 refreshMarginSeconds = qint64 { 5 } * 60;

    // client and store must outlive the keeper.
    TokenKeeper(ApiClient &client, SecretStore &store, QObject *parent = nullptr);
    ~TokenKeeper() override;

    QByteArray accessToken() const { return m_accessToken; }
    bool hasAccessToken() const { return !m_accessToken.isEmpty(); }
    bool hasRefreshToken() const { return !m_refreshToken.isEmpty(); }
    QDateTime accessIssued() const { return m_accessIssued; }
    QDateTime accessExpiry() const { return m_accessExpiry; }
    // When the next refresh (or retry) is due (invalid when nothing is scheduled).
    QDateTime nextRefresh() const;
    // A refresh is scheduled and not due yet.
    bool isRefreshAhead() const { return m_timer.isActive() && m_timer.remainingTime() > 0; }
    // The delay of the last retry after a failed refresh (0 after a success).
    int retryDelaySeconds() const
    {
        return static_cast<int>(
            std::chrono::duration_cast<std::chrono::seconds>(m_retryBackoff.current()).count());
    }

    // Takes a new pair into memory (not yet stored: store()).
    void take(const TokenPair &tokens);
    // The access token's times in the local database's settings (by this device's clock):
    // saved with the session, read back on a restore.
    bool saveTimes(Database &db) const;
    void loadTimes(Database &db);

    // Reads the stored pair into memory: the refresh token first, then the access token (which
    // may be missing). done gets the first failure, NotFound when there is no refresh token,
    // or Ok; forgotten says that the refresh token read was dropped again (the access token
    // could not be read).
    void load(std::function<void(const SecretResult &, bool forgotten)> done);
    // Writes the pair: the refresh token first, as after a rotation it is the only way back in.
    void store(const TokenPair &tokens, std::function<void(const SecretResult &)> done);
    // Removes both stored tokens (refresh first); done gets the first failure, or Ok.
    void remove(std::function<void(const SecretResult &)> done);
    // Removes both without waiting for the store's answer.
    void removeUnheard();
    // Wipes the tokens from memory and stops refreshing.
    void forget();
    void stop() { m_timer.stop(); }

    // Schedules the refresh for the access token in memory.
    void scheduleRefresh();
    // Refreshes now; done gets the outcome once the one shared refresh ends.
    void refresh(RefreshDone done);
    void refreshNow();

Q_SIGNALS:
    // A refresh brought a new pair, now in memory and stored (or not storable: logged); emitted
    // before the refresh's waiters hear of it.
    void refreshed(const TokenPair &tokens);
    // The server refused the refresh token (401, or 403 account_disabled/forbidden): the
    // session is over. Emitted before the refresh's waiters hear of it.
    void ended(const ApiReply &reply);
    // A refresh ended: ok says whether there is a new token pair.
    void refreshFinished(bool ok);

private:
    void scheduleRetry(const ApiReply &reply);

    ApiClient &m_client;
    SecretStore &m_store;
    QByteArray m_accessToken;
    QByteArray m_refreshToken;
    QDateTime m_accessIssued; // by this device's clock
    QDateTime m_accessExpiry; // by this device's clock
    QTimer m_timer;
    Backoff m_retryBackoff { std::chrono::seconds(firstRetrySeconds),
        std::chrono::seconds(lastRetrySeconds) };
    bool m_refreshing = false;
    std::vector<RefreshDone> m_waiters;
};

} // namespace tessera
