#include "crypto/passwordhasher.h"

#include <sodium.h>

namespace tessera::server {

PasswordHasher::PasswordHasher(Cost cost)
    : m_cost(cost)
{
    // Idempotent and thread-safe; needed before any other libsodium call.
    [[maybe_unused]] const int initialised = sodium_init();
}

std::optional<PasswordHasher::Cost> PasswordHasher::costFromName(const QString &name)
{
    if (name == QLatin1String("interactive"))
        return Cost::Interactive;
    if (name == QLatin1String("moderate"))
        return Cost::Moderate;
    if (name == QLatin1String("minimum"))
        return Cost::Minimum;
    return std::nullopt;
}

QString PasswordHasher::costName(Cost cost)
{
    switch (cost) {
    case Cost::Interactive:
        return QStringLiteral("interactive");
    case Cost::Moderate:
        return QStringLiteral("moderate");
    case Cost::Minimum:
        return QStringLiteral("minimum");
    }
    return {};
}

std::optional<QString> PasswordHasher::hash(const QString &password) const
{
    unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (m_cost == Cost::Moderate) {
        ops = crypto_pwhash_OPSLIMIT_MODERATE;
        mem = crypto_pwhash_MEMLIMIT_MODERATE;
    } else if (m_cost == Cost::Minimum) {
        ops = crypto_pwhash_OPSLIMIT_MIN;
        mem = crypto_pwhash_MEMLIMIT_MIN;
    }
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
            ops, mem, crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return std::nullopt;
    return QString::fromLatin1(out);
}

bool PasswordHasher::verify(const QString &storedHash, const QString &password) const
{
    const QByteArray stored = storedHash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    if (stored.isEmpty() || stored.size() >= crypto_pwhash_STRBYTES)
        return false;
    return crypto_pwhash_str_verify(
               stored.constData(), utf8.constData(), static_cast<unsigned long long>(utf8.size()))
        == 0;
}

} // namespace tessera::server
