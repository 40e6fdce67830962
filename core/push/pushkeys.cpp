#include "push/pushkeys.h"

#include "base/futurewatch.h"
#include "base/securewipe.h"
#include "identity/devicekey.h"
#include "push/pushlog.h"
#include "push/webpushdecryptor.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace tessera {

namespace {

constexpr char recordVersion = 1;
constexpr qsizetype tagBytes = 16;
constexpr qsizetype recordBytes = 1 + WebPushDecryptor::privateBytes + WebPushDecryptor::pointBytes
    + WebPushDecryptor::authBytes + tagBytes;

QByteArray deviceTag(const QByteArray &devicePublicKey)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("tessera push keys for "));
    hash.addData(devicePublicKey);
    return hash.result().left(tagBytes);
}

} // namespace

bool PushKeys::isValid() const
{
    return auth.size() == WebPushDecryptor::authBytes
        && WebPushDecryptor::isKeyPair(privateKey, publicKey);
}

void PushKeys::wipe()
{
    secureWipe(privateKey);
    secureWipe(auth);
    publicKey.clear();
}

PushKeyStore::PushKeyStore(SecretStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{ }

QByteArray PushKeyStore::toRecord(const PushKeys &keys, const QByteArray &devicePublicKey)
{
    QByteArray record;
    record.reserve(recordBytes);
    record.append(recordVersion);
    record.append(keys.privateKey).append(keys.publicKey).append(keys.auth);
    record.append(deviceTag(devicePublicKey));
    return record;
}

PushKeys PushKeyStore::fromRecord(const QByteArray &record, const QByteArray &devicePublicKey)
{
    if (record.size() != recordBytes || record.right(tagBytes) != deviceTag(devicePublicKey))
        return {};
    return keysOfRecord(record);
}

PushKeys PushKeyStore::keysOfRecord(const QByteArray &record)
{
    if (record.size() != recordBytes || record.at(0) != recordVersion)
        return {};
    qsizetype at = 1;
    PushKeys keys;
    keys.privateKey = record.mid(at, WebPushDecryptor::privateBytes);
    at += WebPushDecryptor::privateBytes;
    keys.publicKey = record.mid(at, WebPushDecryptor::pointBytes);
    at += WebPushDecryptor::pointBytes;
    keys.auth = record.mid(at, WebPushDecryptor::authBytes);
    if (!keys.isValid()) {
        keys.wipe();
        return {};
    }
    return keys;
}

void PushKeyStore::obtain(
    const std::function<void(const SecretResult &failure, PushKeys keys)> &next)
{
    // The push keys follow the device key: read it first (its public half only stays).
    whenFinished(this, m_store.read(DeviceKey::secretName()), [this, next](SecretResult read) {
        if (read.outcome != SecretOutcome::Ok) {
            if (read.outcome == SecretOutcome::NotFound)
                read.message = QStringLiteral("this device has no device key yet");
            next(read, {});
            return;
        }
        pass::KeyPair device = DeviceKey::fromSecret(read.value);
        secureWipe(read.value);
        const QByteArray devicePublic = device.publicKey;
        secureWipe(device.secretKey);
        if (devicePublic.isEmpty()) {
            next({ SecretOutcome::Refused, {}, QStringLiteral("the device key is not a key") }, {});
            return;
        }
        withDeviceKey(devicePublic, next);
    });
}

void PushKeyStore::withDeviceKey(const QByteArray &devicePublicKey,
    const std::function<void(const SecretResult &failure, PushKeys keys)> &next)
{
    whenFinished(
        this, m_store.read(secretName()), [this, next, devicePublicKey](SecretResult read) {
            if (read.outcome == SecretOutcome::Ok) {
                PushKeys keys = fromRecord(read.value, devicePublicKey);
                secureWipe(read.value);
                if (keys.isValid()) {
                    next({ SecretOutcome::Ok, {}, {} }, std::move(keys));
                    return;
                }
                qCInfo(lcPush) << "the stored push keys belong to another device key (or are "
                                  "no keys): making new ones";
            } else if (read.outcome != SecretOutcome::NotFound) {
                next(read, {});
                return;
            }
            auto [privateKey, publicKey] = WebPushDecryptor::generateKeyPair();
            std::array<quint32, WebPushDecryptor::authBytes / 4> words {};
            QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
            PushKeys keys { privateKey, publicKey,
                QByteArray(
                    reinterpret_cast<const char *>(words.data()), WebPushDecryptor::authBytes) };
            words.fill(0);
            secureWipe(privateKey);
            if (!keys.isValid()) {
                next({ SecretOutcome::Refused, {}, QStringLiteral("no push keys could be made") },
                    {});
                return;
            }
            QByteArray record = toRecord(keys, devicePublicKey);
            whenFinished(this, m_store.write(secretName(), record),
                [next, keys](const SecretResult &written) mutable {
                    if (written.outcome != SecretOutcome::Ok) {
                        keys.wipe();
                        next(written, {});
                        return;
                    }
                    qCInfo(lcPush) << "made this device's push keys";
                    next({ SecretOutcome::Ok, {}, {} }, std::move(keys));
                });
            secureWipe(record);
        });
}

QFuture<SecretResult> PushKeyStore::remove()
{
    return m_store.remove(secretName());
}

} // namespace tessera
