#pragma once

#include "storage/secretstore.h"

#include <QHash>

#include <vector>

namespace tessera {

// An in-process secret store for unit tests. It can be told to behave as unavailable or denied,
// to test what callers do when the real store cannot be asked, and counts the calls it gets.
class MemorySecretStore : public SecretStore
{
public:
    enum class Call { Read, Write, Remove };

    QFuture<SecretResult> read(const QString &key) override;
    QFuture<SecretResult> write(const QString &key, const QByteArray &value) override;
    QFuture<SecretResult> remove(const QString &key) override;

    // Ok (the default) works normally; Unavailable or Denied make every call answer that.
    void setFailure(SecretOutcome failure) { m_failure = failure; }
    // One call of this kind on key answers failure instead: the one after `after` more such
    // calls went through. Several may be scheduled; each fails once.
    void failOnce(Call call, const QString &key, SecretOutcome failure, int after = 0);
    qsizetype size() const { return m_secrets.size(); }
    bool contains(const QString &key) const { return m_secrets.contains(key); }
    // Calls answered so far (failed ones included), of one kind, on one key or (empty) on all.
    int calls(Call call, const QString &key = {}) const;

private:
    struct Scheduled
    {
        Call call;
        QString key;
        SecretOutcome failure;
        int after;
    };
    std::optional<SecretResult> failure(Call call, const QString &key);

    QHash<QString, QByteArray> m_secrets;
    SecretOutcome m_failure = SecretOutcome::Ok;
    std::vector<Scheduled> m_scheduled;
    QHash<QString, int> m_calls[3];
};

} // namespace tessera
