#pragma once

#include "protocol/passclaims.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>

namespace tessera {

class Database;
class SecretStore;
class AuthorizedApi;
class SessionScope;
struct ApiReply;

// The signed-in person's QR pass, for the Pass page and tessera-cli pass.
//
// The issuer-signed pass comes from GET /v1/pass (bound by the server to this device's public
// key, DeviceKey) and is kept in the encrypted database (table pass), so it is shown offline
// for its whole life. It is renewed when less than a quarter of its life is left (and when there
// is none: after a sign-in), retried with backoff while the server cannot be reached. Every
// 30-second step (pass::timeStepSeconds, by the clock corrected with the server's Date header,
// serverclock) the QR text is made again with pass::presentPass and the device's secret key,
// read once from the SecretStore. A store that cannot be read gives Error with words to retry
// (refresh()); it never makes a new key (only a sign-in does, on a definite NotFound).
class PassHolder : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QString qrText READ qrText NOTIFY qrTextChanged)
    Q_PROPERTY(QDateTime stepEndsAt READ stepEndsAt NOTIFY qrTextChanged)
    Q_PROPERTY(QString passId READ passId NOTIFY passChanged)
    Q_PROPERTY(QString initials READ initials NOTIFY passChanged)
    Q_PROPERTY(QString subject READ subject NOTIFY passChanged)
    Q_PROPERTY(QString userType READ userType NOTIFY passChanged)
    Q_PROPERTY(QDateTime issuedAt READ issuedAt NOTIFY passChanged)
    Q_PROPERTY(QDateTime validUntil READ validUntil NOTIFY passChanged)
    Q_PROPERTY(QVariantList statuses READ statuses NOTIFY passChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorChanged)
public:
    enum class State {
        NoPass, // signed out, or nothing fetched yet
        Loading, // fetching a pass while none can be shown
        Ready, // qrText is the code to show now
        Expired, // the stored pass has expired and no new one could be fetched yet
        Error, // errorMessage says why (no key, keyring locked, the server refused ...)
    };
    Q_ENUM(State)

    // Renewed when less than this part of the pass's life is left.
    static constexpr double renewWhenLeft = 0.25;

    // api, scope and store must outlive this object. Follows the session: loads when it is signed
    // in with its database (and its services released: SessionScope::isStarted()), clears on
    // sign-out.
    PassHolder(
        AuthorizedApi &api, SessionScope &scope, SecretStore &store, QObject *parent = nullptr);
    ~PassHolder() override;

    State state() const { return m_state; }
    bool isBusy() const { return m_fetching || m_keyLoading; }
    QString qrText() const { return m_qrText; }
    // The end of the current 30-second step, by this device's clock (the countdown ring).
    QDateTime stepEndsAt() const { return m_stepEndsAt; }
    QString passId() const;
    QString initials() const;
    QString subject() const;
    QString userType() const; // "employee" / "non_employee"
    QDateTime issuedAt() const;
    QDateTime validUntil() const;
    // [{process: status claim name, status: value, until: QDateTime (invalid: no end)}]
    QVariantList statuses() const;
    QString errorMessage() const { return m_errorMessage; }

    // When the pass is due for renewal (invalid without a pass).
    QDateTime renewAt() const;
    // The server-minus-device clock offset used for the steps, in milliseconds.
    qint64 clockOffsetMs() const { return m_offsetMs; }
    // This device's clock, Unix milliseconds (default: the system clock); tests move it.
    void setDeviceClock(std::function<qint64()> unixMs);

    // Fetches a new pass now (also after Error: reads the device key again first).
    Q_INVOKABLE void refresh();

Q_SIGNALS:
    void stateChanged();
    void busyChanged();
    void qrTextChanged();
    void passChanged();
    void errorChanged();
    // A load, key read or fetch has come to its end (whatever the state): tessera-cli waits
    // for it.
    void finished();

private:
    void followSession();
    void start();
    void loadKey(bool thenFetch);
    void fetch();
    void acceptPass(const ApiReply &reply);
    bool loadStored();
    bool store(const QByteArray &signedPass, const pass::PassClaims &claims);
    void present();
    bool renewalDue() const;
    void maybeRenew();
    void scheduleRetry();
    void clear();
    void setState(State state);
    void setError(const QString &message);
    void setBusy(bool fetching, bool keyLoading);
    qint64 nowMs() const;
    qint64 deviceNowMs() const;

    AuthorizedApi &m_api;
    SessionScope &m_scope;
    SecretStore &m_store;
    std::shared_ptr<Database> m_database;
    QByteArray m_secretKey; // the device's pass key, in memory while signed in
    QByteArray m_publicKey;
    QByteArray m_signedPass;
    std::optional<pass::PassClaims> m_claims;
    qint64 m_offsetMs = 0;
    std::function<qint64()> m_deviceClock;
    State m_state = State::NoPass;
    QString m_qrText;
    QDateTime m_stepEndsAt;
    QString m_errorMessage;
    bool m_fetching = false;
    bool m_keyLoading = false;
    bool m_keyFailed = false;
    int m_retrySeconds = 0;
    quint64 m_generation = 0; // bumped by clear(): late answers of an ended session are dropped
    QTimer m_stepTimer;
    QTimer m_retryTimer;
};

} // namespace tessera
