#pragma once

#include "storage/secretstore.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace tessera {

// This device's Web Push keys (RFC 8291): a P-256 key pair and a 16-byte auth secret, made on
// first use and kept in the SecretStore under their own entry (DESIGN.md, second round,
// decision 14), never logged.
struct PushKeys
{
    QByteArray privateKey; // 32-byte scalar
    QByteArray publicKey; // 65-byte uncompressed point: the registration's keys.p256dh
    QByteArray auth; // 16 bytes: keys.auth

    bool isValid() const;
    void wipe();
};

// The push keys in the SecretStore. The entry (version, private, public, auth, and a tag of the
// device key they were made with: 130 bytes) belongs to one device key: when the stored tag is
// not the current device key's, the keys are made again (a new device key, new push keys).
// A store that cannot be read (Unavailable, Denied) is never "no keys": nothing is made then,
// and the caller says why and waits.
class PushKeyStore : public QObject
{
    Q_OBJECT
public:
    // store must outlive this.
    explicit PushKeyStore(SecretStore &store, QObject *parent = nullptr);

    static QString secretName() { return QStringLiteral("push-keys"); }

    // The stored keys, made and stored first when there are none (or they belong to another
    // device key); or the store's failure (outcome not Ok) and invalid keys. Made keys are
    // said so (made) for the log.
    void obtain(const std::function<void(const SecretResult &failure, PushKeys keys)> &next);
    // Removes the keys (sign-out).
    QFuture<SecretResult> remove();

    // The stored form of keys for the device key devicePublicKey, and back (invalid keys when
    // record is not one, or was made for another device key).
    static QByteArray toRecord(const PushKeys &keys, const QByteArray &devicePublicKey);
    static PushKeys fromRecord(const QByteArray &record, const QByteArray &devicePublicKey);
    // The keys of a record whatever device key it names (the iOS Notification Service Extension,
    // which has no device key: a push for other keys simply does not decrypt).
    static PushKeys keysOfRecord(const QByteArray &record);

private:
    void withDeviceKey(const QByteArray &devicePublicKey,
        const std::function<void(const SecretResult &failure, PushKeys keys)> &next);

    SecretStore &m_store;
};

} // namespace tessera
