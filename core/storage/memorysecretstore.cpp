#include "storage/memorysecretstore.h"

#include <algorithm>

namespace tessera {

void MemorySecretStore::failOnce(Call call, const QString &key, SecretOutcome failure, int after)
{
    m_scheduled.push_back({ call, key, failure, after });
}

int MemorySecretStore::calls(Call call, const QString &key) const
{
    const QHash<QString, int> &counts = m_calls[static_cast<int>(call)];
    if (!key.isEmpty())
        return counts.value(key);
    int total = 0;
    for (const int count : counts)
        total += count;
    return total;
}

std::optional<SecretResult> MemorySecretStore::failure(Call call, const QString &key)
{
    ++m_calls[static_cast<int>(call)][key];
    const auto due = std::find_if(m_scheduled.begin(), m_scheduled.end(),
        [&](const Scheduled &s) { return s.call == call && s.key == key; });
    if (due != m_scheduled.end()) {
        if (due->after > 0) {
            --due->after;
        } else {
            const SecretOutcome outcome = due->failure;
            m_scheduled.erase(due);
            return SecretResult { outcome, {},
                QStringLiteral("simulated once: %1").arg(outcomeName(outcome)) };
        }
    }
    if (m_failure == SecretOutcome::Ok)
        return std::nullopt;
    return SecretResult { m_failure, {},
        QStringLiteral("simulated: %1").arg(outcomeName(m_failure)) };
}

QFuture<SecretResult> MemorySecretStore::read(const QString &key)
{
    if (auto invalid = validate(key, nullptr))
        return ready(*invalid);
    if (auto failed = failure(Call::Read, key))
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
    if (auto failed = failure(Call::Write, key))
        return ready(*failed);
    m_secrets.insert(key, value);
    return ready({ SecretOutcome::Ok, {}, {} });
}

QFuture<SecretResult> MemorySecretStore::remove(const QString &key)
{
    if (auto invalid = validate(key, nullptr))
        return ready(*invalid);
    if (auto failed = failure(Call::Remove, key))
        return ready(*failed);
    m_secrets.remove(key);
    return ready({ SecretOutcome::Ok, {}, {} });
}

} // namespace tessera
