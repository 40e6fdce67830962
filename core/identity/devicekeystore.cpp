#include "identity/devicekeystore.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "base/securewipe.h"
#include "identity/devicekey.h"

#include <utility>

namespace tessera {

DeviceKeyStore::DeviceKeyStore(SecretStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{ }

void DeviceKeyStore::obtainPublicKey(
    const std::function<void(const SecretResult &failure, QByteArray)> &next)
{
    // The pass key stays for as long as the session's secrets do: a sign-in reuses it, and only
    // a definite NotFound (or a stored value that is no key at all) makes a new one. The server
    // then replaces the device's registered key (its passes bind to the new one).
    whenFinished(this, m_store.read(DeviceKey::secretName()), [this, next](SecretResult read) {
        if (read.outcome == SecretOutcome::Ok) {
            const pass::KeyPair pair = DeviceKey::fromSecret(read.value);
            secureWipe(read.value);
            if (pair.isValid()) {
                next({ SecretOutcome::Ok, {}, {} }, pair.publicKey);
                return;
            }
            qCWarning(lcSession) << "the stored device key is not a key: making a new one";
        } else if (read.outcome != SecretOutcome::NotFound) {
            next(read, {});
            return;
        }
        pass::KeyPair pair = DeviceKey::generate();
        if (!pair.isValid()) {
            next({ SecretOutcome::Refused, {}, QStringLiteral("no key pair could be made") }, {});
            return;
        }
        const QByteArray publicKey = pair.publicKey;
        whenFinished(this, m_store.write(DeviceKey::secretName(), pair.secretKey),
            [this, next, publicKey](const SecretResult &written) {
                if (written.outcome != SecretOutcome::Ok) {
                    next(written, {});
                    return;
                }
                qCInfo(lcSession) << "made this device's pass key";
                m_fresh = true;
                next({ SecretOutcome::Ok, {}, {} }, publicKey);
            });
        secureWipe(pair.secretKey);
    });
}

void DeviceKeyStore::forgetFresh()
{
    if (!std::exchange(m_fresh, false))
        return;
    m_store.remove(DeviceKey::secretName());
}

QFuture<SecretResult> DeviceKeyStore::remove()
{
    return m_store.remove(DeviceKey::secretName());
}

} // namespace tessera
