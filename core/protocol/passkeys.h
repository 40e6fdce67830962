#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace tessera::pass {

// An Ed25519 key pair in libsodium's layout: a 32-byte public key and a 64-byte secret key
// (the 32-byte seed followed by the public key). The secret half belongs in a secret store.
struct KeyPair
{
    QByteArray publicKey;
    QByteArray secretKey;

    bool isValid() const { return publicKey.size() == 32 && secretKey.size() == 64; }
};

// Initialises libsodium once (thread-safe); false when it cannot be used.
bool ensureSodium();

// The key pair of a 32-byte seed (crypto_sign_seed_keypair): the test vectors use fixed seeds.
// An invalid (empty) pair for a seed of another size.
KeyPair keyPairFromSeed(QByteArrayView seed);

// A fresh random key pair (crypto_sign_keypair).
KeyPair generateKeyPair();

// The public key inside a 64-byte secret key; empty for another size.
QByteArray publicKeyOf(QByteArrayView secretKey);

} // namespace tessera::pass
