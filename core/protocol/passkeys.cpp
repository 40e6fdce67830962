#include "protocol/passkeys.h"

#include <sodium.h>

namespace tessera::pass {

namespace {

unsigned char *bytes(QByteArray &array)
{
    return reinterpret_cast<unsigned char *>(array.data());
}

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

} // namespace

bool ensureSodium()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

KeyPair keyPairFromSeed(QByteArrayView seed)
{
    if (seed.size() != crypto_sign_SEEDBYTES || !ensureSodium())
        return {};
    KeyPair pair { QByteArray(crypto_sign_PUBLICKEYBYTES, Qt::Uninitialized),
        QByteArray(crypto_sign_SECRETKEYBYTES, Qt::Uninitialized) };
    crypto_sign_seed_keypair(bytes(pair.publicKey), bytes(pair.secretKey), bytes(seed));
    return pair;
}

KeyPair generateKeyPair()
{
    if (!ensureSodium())
        return {};
    KeyPair pair { QByteArray(crypto_sign_PUBLICKEYBYTES, Qt::Uninitialized),
        QByteArray(crypto_sign_SECRETKEYBYTES, Qt::Uninitialized) };
    crypto_sign_keypair(bytes(pair.publicKey), bytes(pair.secretKey));
    return pair;
}

QByteArray publicKeyOf(QByteArrayView secretKey)
{
    if (secretKey.size() != crypto_sign_SECRETKEYBYTES || !ensureSodium())
        return {};
    QByteArray publicKey(crypto_sign_PUBLICKEYBYTES, Qt::Uninitialized);
    crypto_sign_ed25519_sk_to_pk(bytes(publicKey), bytes(secretKey));
    return publicKey;
}

} // namespace tessera::pass
