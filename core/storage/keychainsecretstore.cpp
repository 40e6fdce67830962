#include "storage/keychainsecretstore.h"

#include "base/logging.h"

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

void runJob(QKeychain::Job *job, bool read, bool remove,
    const std::shared_ptr<QPromise<SecretResult>> &promise, int retries)
{
    job->setAutoDelete(true);
    QObject::connect(job, &QKeychain::Job::finished, job,
        [promise, read, remove, retries](QKeychain::Job *done) {
            SecretResult result;
            result.outcome = outcomeOf(done->error());
            if (remove && result.outcome == SecretOutcome::Unavailable && retries > 0) {
                // Another process on the same installation (a second tessera-cli command, both
                // signing out) may delete the entry between this job's look-up and its delete,
                // which then fails although the entry is gone. Once more tells the two apart:
                // gone is "not found", which a removal takes as done.
                auto *again = new QKeychain::DeletePasswordJob(done->service());
                again->setKey(done->key());
                runJob(again, read, remove, promise, retries - 1);
                return;
            }
            // Deleting what is not there leaves the store as asked.
            if (remove && result.outcome == SecretOutcome::NotFound)
                result.outcome = SecretOutcome::Ok;
            if (result.outcome == SecretOutcome::Ok && read)
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
    runJob(job, operation == Operation::Read, operation == Operation::Remove, promise,
        operation == Operation::Remove ? 1 : 0);
    return future;
}

} // namespace tessera
