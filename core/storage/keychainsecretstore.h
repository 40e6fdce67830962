#pragma once

#include "storage/secretstore.h"

namespace QKeychain {
class Job;
}

namespace tessera {

// SecretStore over QtKeychain: Android Keystore, iOS Keychain, the Secret Service on Linux.
// service names the application's entries ("Tessera"); tests give their own to stay apart.
class KeychainSecretStore : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service);

    QFuture<SecretResult> read(const QString &key) override;
    QFuture<SecretResult> write(const QString &key, const QByteArray &value) override;
    QFuture<SecretResult> remove(const QString &key) override;

private:
    enum class Operation { Read, Write, Remove };
    QFuture<SecretResult> run(QKeychain::Job *job, Operation operation);

    QString m_service;
};

} // namespace tessera
