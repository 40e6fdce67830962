#include "storage/memorysecretstore.h"

namespace tessera {

std::optional<SecretResult> MemorySecretStore::failure() const
{
    if (m_failure == SecretOutcome::Ok)
        return std::nullopt;
    return SecretResult { m_failure, {},
        QStringLiteral("simulated: %1").arg(outcomeName(m_failure)) };
}

QFuture<SecretResult> MemorySecretStore::read(const QString &key)
{
    if (auto invalid = validate(key, nullptr))
        return ready(*invalid);
    if (auto failed = failure())
        return ready(*failed);
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.constEnd())
        return ready({ SecretOutcome::NotFound, {}, {} });
    return ready({ SecretOutcome::Ok, *it, {} });
}

QFuture<SecretResult> MemorySecretStore::write(const QString &key, const QByteArray &value)
{
    if (auto invalid = validate(key, &value))
        return ready(*invalid);
    if (auto failed = failure())
        return ready(*failed);
    m_secrets.insert(key, value);
    return ready({ SecretOutcome::Ok, {}, {} });
}

QFuture<SecretResult> MemorySecretStore::remove(const QString &key)
{
    if (auto invalid = validate(key, nullptr))
        return ready(*invalid);
    if (auto failed = failure())
        return ready(*failed);
    m_secrets.remove(key);
    return ready({ SecretOutcome::Ok, {}, {} });
}

} // namespace tessera
