#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace tessera::server {

// The server's secrets at rest: webhook signing secrets and the pass issuer's Ed25519 secret keys
// are kept in the database sealed (XChaCha20-Poly1305) with a key that lives outside it, in a
// file of the data folder (0600) or where the config's "secretsKeyFile" says. A copy of the
// database alone (a PostgreSQL backup, a stolen SQLite file without the folder) then reveals
// neither. Each sealed value names what it is and whose (the context, e.g.
// "api_keys.webhook_secret key_abc") as associated data, so a value moved to another row or
// column does not open. Immutable once loaded: safe to share between threads.
class SecretSeal
{
public:
    static constexpr int keyBytes = 32;

    // A seal with key (keyBytes long). Invalid when the key has another length.
    explicit SecretSeal(const QByteArray &key);
    ~SecretSeal();
    SecretSeal(const SecretSeal &) = delete;
    SecretSeal &operator=(const SecretSeal &) = delete;

    // Reads the key file (base64 of keyBytes bytes). When the file does not exist and mayCreate,
    // makes a new random key there (0600). A file that exists but cannot be read or holds no
    // valid key is an error: never replaced, whatever mayCreate says.
    static std::optional<QByteArray> loadKey(const QString &path, bool mayCreate, QString *error);

    bool isValid() const { return m_key.size() == keyBytes; }

    // "sealed1:" + base64(nonce ‖ ciphertext ‖ tag).
    QString seal(const QByteArray &plaintext, const QString &context) const;
    // The plaintext, or nullopt when text is not sealed, or was sealed with another key or for
    // another context, or was altered.
    std::optional<QByteArray> open(const QString &text, const QString &context) const;

    static bool isSealed(const QString &text);

private:
    QByteArray m_key;
};

} // namespace tessera::server
