#pragma once

#include <QString>

#include <optional>

namespace tessera::server {

// Argon2id password hashes (libsodium crypto_pwhash_str), in libsodium's self-describing string
// form, so that hashes made at another cost still verify.
class PasswordHasher
{
public:
    enum class Cost {
        Interactive, // libsodium's INTERACTIVE limits: the production default
        Moderate, // MODERATE limits
        Minimum, // MIN limits: for tests only (ASan makes the real cost very slow)
    };

    explicit PasswordHasher(Cost cost = Cost::Interactive);

    static std::optional<Cost> costFromName(const QString &name);
    static QString costName(Cost cost);

    // nullopt when libsodium could not allocate the memory the cost asks for.
    std::optional<QString> hash(const QString &password) const;
    bool verify(const QString &storedHash, const QString &password) const;

private:
    Cost m_cost;
};

} // namespace tessera::server
