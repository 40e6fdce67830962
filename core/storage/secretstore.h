#pragma once

#include <QByteArray>
#include <QFuture>
#include <QString>

namespace tessera {

// What became of one secure-store operation. Unavailable (no keyring, not unlocked yet, no
// D-Bus) is not NotFound: a caller must never treat it as "no secret" and make a new one.
enum class SecretOutcome {
    Ok, // read: the secret was found; write/remove: done (removing an absent key is Ok)
    NotFound, // read only: the store answered and holds no such secret
    Unavailable, // the store could not be asked: try again later
    Denied, // the store refused access (locked keyring, user said no)
    Refused, // the request itself is invalid (empty key, secret too large)
};

struct SecretResult
{
    SecretOutcome outcome = SecretOutcome::Unavailable;
    QByteArray value; // only for a read that is Ok
    QString message; // why, for a person and the log; never contains the secret
};

QString outcomeName(SecretOutcome outcome);

// The OS secure store (Android Keystore, iOS Keychain, Secret Service on desktop) holds small
// secrets only: tokens and keys. Every call is asynchronous and its future always finishes.
class SecretStore
{
public:
    virtual ~SecretStore();

    // Well under QtKeychain's ~245-byte limit on Android.
    static constexpr qsizetype maxSecretBytes = 200;

    virtual QFuture<SecretResult> read(const QString &key) = 0;
    virtual QFuture<SecretResult> write(const QString &key, const QByteArray &value) = 0;
    virtual QFuture<SecretResult> remove(const QString &key) = 0;

protected:
    // The shared validation of keys and values; nullopt when the request may go ahead.
    static std::optional<SecretResult> validate(const QString &key, const QByteArray *value);
    static QFuture<SecretResult> ready(SecretResult result);
};

} // namespace tessera
