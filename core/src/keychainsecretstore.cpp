#include "keychainsecretstore.h"

#include "logging.h"

#include <QPromise>
#include <qt6keychain/keychain.h>

#include <memory>

namespace tessera {

namespace {

SecretOutcome outcomeOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return SecretOutcome::Ok;
    case QKeychain::EntryNotFound:
        return SecretOutcome::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return SecretOutcome::Denied;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        return SecretOutcome::Unavailable;
    }
    return SecretOutcome::Unavailable;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service)
    : m_service(std::move(service))
{ }

QFuture<SecretResult> KeychainSecretStore::read(const QString &key)
{
    if (auto invalid = validate(key, nullptr))
        return ready(*invalid);
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    return run(job, Operation::Read);
}

QFuture<SecretResult> KeychainSecretStore::write(const QString &key, const QByteArray &value)
{
    if (auto invalid = validate(key, &value))
        return ready(*invalid);
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setBinaryData(value);
    return run(job, Operation::Write);
}

QFuture<SecretResult> KeychainSecretStore::remove(const QString &key)
{
    if (auto invalid = validate(key, nullptr))
        return ready(*invalid);
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    return run(job, Operation::Remove);
}

QFuture<SecretResult> KeychainSecretStore::run(QKeychain::Job *job, Operation operation)
{
    auto promise = std::make_shared<QPromise<SecretResult>>();
    promise->start();
    QFuture<SecretResult> future = promise->future();
    job->setAutoDelete(true);
    QObject::connect(
        job, &QKeychain::Job::finished, job, [promise, operation](QKeychain::Job *done) {
            SecretResult result;
            result.outcome = outcomeOf(done->error());
            // Deleting what is not there leaves the store as asked.
            if (operation == Operation::Remove && result.outcome == SecretOutcome::NotFound)
                result.outcome = SecretOutcome::Ok;
            if (result.outcome == SecretOutcome::Ok && operation == Operation::Read)
                result.value = static_cast<QKeychain::ReadPasswordJob *>(done)->binaryData();
            if (result.outcome != SecretOutcome::Ok && result.outcome != SecretOutcome::NotFound) {
                result.message = done->errorString();
                qCWarning(lcSecrets) << "secure store" << outcomeName(result.outcome) << "for"
                                     << done->key() << ":" << result.message;
            }
            promise->addResult(std::move(result));
            promise->finish();
        });
    job->start();
    return future;
}

} // namespace tessera
