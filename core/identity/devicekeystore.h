#pragma once

#include "storage/secretstore.h"

#include <QByteArray>
#include <QFuture>
#include <QObject>

#include <functional>

namespace tessera {

// The device's pass key (DeviceKey) in the SecretStore, for the sign-in: read, or made and
// stored on a definite NotFound; a key made for a sign-in that did not happen is removed
// again, and sign-out removes the key with the other secrets.
class DeviceKeyStore : public QObject
{
    Q_OBJECT
public:
    // store must outlive the key store.
    explicit DeviceKeyStore(SecretStore &store, QObject *parent = nullptr);

    // The public half of the stored key, made and stored first when the store has none (never
    // on a read failure); or the store's failure (outcome not Ok) and no key.
    void obtainPublicKey(const std::function<void(const SecretResult &failure, QByteArray)> &next);
    // The sign-in registered the key made for it: it stays until sign-out.
    void keep() { m_fresh = false; }
    // The sign-in the key was made for did not happen: a fresh key leaves no secret behind.
    void forgetFresh();
    // Removes the stored key (sign-out).
    QFuture<SecretResult> remove();

private:
    SecretStore &m_store;
    bool m_fresh = false; // made for the sign-in on its way, not registered yet
};

} // namespace tessera
