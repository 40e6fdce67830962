#pragma once

#include "protocol/passkeys.h"
#include "storage/secretstore.h"

#include <QByteArray>
#include <QString>

namespace tessera {

// The device's pass key: an Ed25519 key pair made on this device. Its secret half
// (libsodium's 64-byte secret key) lives only in the SecretStore under secretName(); its public
// half goes to the server as the login's device.publicKey, and the server binds every pass of
// this device to it. The app signs each 30-second QR step with the secret half (PassHolder).
//
// A store that cannot be read (Unavailable, Denied) is never "no key": a new key is made only
// after the store answered NotFound (DeviceKeyStore), and sign-out removes the key with the
// other secrets.
class DeviceKey
{
public:
    static QString secretName() { return QStringLiteral("device-signing-key"); }

    // The key pair of a stored secret key; invalid (empty) when the bytes are not a 64-byte
    // Ed25519 secret key whose public half matches its seed.
    static pass::KeyPair fromSecret(const QByteArray &secretKey);

    // A fresh random pair.
    static pass::KeyPair generate() { return pass::generateKeyPair(); }
};

} // namespace tessera
