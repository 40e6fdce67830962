#pragma once

#include "storage/secretstore.h"

#include <QHash>

namespace tessera {

// An in-process secret store for unit tests. It can be told to behave as unavailable or denied,
// to test what callers do when the real store cannot be asked.
class MemorySecretStore : public SecretStore
{
public:
    QFuture<SecretResult> read(const QString &key) override;
    QFuture<SecretResult> write(const QString &key, const QByteArray &value) override;
    QFuture<SecretResult> remove(const QString &key) override;

    // Ok (the default) works normally; Unavailable or Denied make every call answer that.
    void setFailure(SecretOutcome failure) { m_failure = failure; }
    qsizetype size() const { return m_secrets.size(); }

private:
    std::optional<SecretResult> failure() const;

    QHash<QString, QByteArray> m_secrets;
    SecretOutcome m_failure = SecretOutcome::Ok;
};

} // namespace tessera
