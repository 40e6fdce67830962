#include "storage/localdatabase.h"

#include "base/logging.h"
#include "base/securewipe.h"

#include <QPromise>

namespace tessera {

namespace {

LocalDatabaseResult fromKey(const DatabaseKeyResult &key)
{
    LocalDatabaseResult result;
    switch (key.outcome) {
    case DatabaseKeyOutcome::Found:
    case DatabaseKeyOutcome::Created:
        break; // not a failure
    case DatabaseKeyOutcome::Unavailable:
        result.outcome = LocalDatabaseOutcome::KeyUnavailable;
        result.message = QStringLiteral("The secure store is not available yet. Try again.");
        break;
    case DatabaseKeyOutcome::Denied:
        result.outcome = LocalDatabaseOutcome::KeyDenied;
        result.message = QStringLiteral(
            "The secure store refused access to Tessera's key. Unlock it and try again.");
        break;
    case DatabaseKeyOutcome::Lost:
        result.outcome = LocalDatabaseOutcome::KeyLost;
        result.message = QStringLiteral("The key to Tessera's local data is gone from the secure "
                                        "store, so the data cannot be read. Nothing was deleted.");
        break;
    case DatabaseKeyOutcome::Invalid:
        result.outcome = LocalDatabaseOutcome::KeyInvalid;
        result.message = QStringLiteral("The key to Tessera's local data in the secure store is "
                                        "damaged. Nothing was deleted.");
        break;
    case DatabaseKeyOutcome::Failed:
        result.outcome = LocalDatabaseOutcome::Failed;
        result.message = QStringLiteral("The secure store did not take Tessera's key. Try again.");
        break;
    }
    result.detail = key.message;
    return result;
}

LocalDatabaseOutcome fromDatabase(DatabaseOutcome outcome)
{
    switch (outcome) {
    case DatabaseOutcome::Ok:
        return LocalDatabaseOutcome::Ready;
    case DatabaseOutcome::WrongKey:
        return LocalDatabaseOutcome::WrongKey;
    case DatabaseOutcome::NewerSchema:
        return LocalDatabaseOutcome::NewerSchema;
    case DatabaseOutcome::Corrupt:
        return LocalDatabaseOutcome::Corrupt;
    case DatabaseOutcome::IoError:
        return LocalDatabaseOutcome::StorageError;
    case DatabaseOutcome::MigrationFailed:
        return LocalDatabaseOutcome::Failed;
    }
    return LocalDatabaseOutcome::Failed;
}

} // namespace

QString outcomeName(LocalDatabaseOutcome outcome)
{
    switch (outcome) {
    case LocalDatabaseOutcome::Ready:
        return QStringLiteral("ready");
    case LocalDatabaseOutcome::KeyUnavailable:
        return QStringLiteral("key unavailable");
    case LocalDatabaseOutcome::KeyDenied:
        return QStringLiteral("key denied");
    case LocalDatabaseOutcome::KeyLost:
        return QStringLiteral("key lost");
    case LocalDatabaseOutcome::KeyInvalid:
        return QStringLiteral("key invalid");
    case LocalDatabaseOutcome::WrongKey:
        return QStringLiteral("wrong key");
    case LocalDatabaseOutcome::NewerSchema:
        return QStringLiteral("newer schema");
    case LocalDatabaseOutcome::Corrupt:
        return QStringLiteral("corrupt");
    case LocalDatabaseOutcome::StorageError:
        return QStringLiteral("storage error");
    case LocalDatabaseOutcome::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

bool LocalDatabaseResult::canRetry() const
{
    switch (outcome) {
    case LocalDatabaseOutcome::KeyUnavailable:
    case LocalDatabaseOutcome::KeyDenied:
    case LocalDatabaseOutcome::StorageError:
    case LocalDatabaseOutcome::Failed:
        return true;
    default:
        return false;
    }
}

bool LocalDatabaseResult::needsReset() const
{
    switch (outcome) {
    case LocalDatabaseOutcome::KeyLost:
    case LocalDatabaseOutcome::KeyInvalid:
    case LocalDatabaseOutcome::WrongKey:
    case LocalDatabaseOutcome::Corrupt:
        return true;
    default:
        return false;
    }
}

LocalDatabase::LocalDatabase(SecretStore &store, QString keyName)
    : m_keys(store, std::move(keyName))
{ }

QFuture<LocalDatabaseResult> LocalDatabase::openOrCreate(
    const QString &path, const DatabaseSchema &schema)
{
    // Two concurrent first runs would each make and store a key, and one database would end up
    // encrypted with the key that lost the race.
    if (const auto running = m_pending.lock(); running && !running->future().isFinished())
        return running->future();

    auto promise = std::make_shared<QPromise<LocalDatabaseResult>>();
    promise->start();
    m_pending = promise;
    QFuture<LocalDatabaseResult> future = promise->future();

    const auto deliver = [promise](LocalDatabaseResult result) {
        if (!result.ok())
            qCWarning(lcDatabase).noquote()
                << "local database:" << outcomeName(result.outcome) << "-" << result.detail;
        promise->addResult(std::move(result));
        promise->finish();
    };

    m_keys.obtain(path)
        .then([path, schema, deliver](const QFuture<DatabaseKeyResult> &done) {
            if (done.resultCount() == 0) {
                deliver(fromKey({ DatabaseKeyOutcome::Unavailable, {},
                    QStringLiteral("no answer about the database key") }));
                return;
            }
            // result(), not takeResult() (see databasekeyprovider.cpp).
            DatabaseKeyResult key = done.result();
            if (!key.hasKey()) {
                deliver(fromKey(key));
                return;
            }
            DatabaseOpenResult opened = Database::open(path, key.key, schema);
            secureWipe(key.key);

            LocalDatabaseResult result;
            result.outcome = fromDatabase(opened.outcome);
            result.database = std::move(opened.database);
            result.created = opened.created;
            result.message = opened.message;
            result.detail = opened.detail;
            deliver(std::move(result));
        })
        .onCanceled([deliver] {
            deliver(fromKey({ DatabaseKeyOutcome::Unavailable, {},
                QStringLiteral("the database key request was cancelled") }));
        });
    return future;
}

QFuture<LocalDatabaseResetResult> LocalDatabase::reset(const QString &path)
{
    QString error;
    if (!Database::wipe(path, &error)) {
        QPromise<LocalDatabaseResetResult> failed;
        failed.start();
        failed.addResult(LocalDatabaseResetResult {
            false, QStringLiteral("could not delete the database files: ") + error });
        failed.finish();
        return failed.future();
    }
    return m_keys.forget()
        .then([](const QFuture<SecretResult> &done) {
            const SecretResult removed = done.resultCount() > 0
                ? done.result()
                : SecretResult { SecretOutcome::Unavailable, {}, {} };
            if (removed.outcome == SecretOutcome::Ok)
                return LocalDatabaseResetResult { true, {} };
            // The files are gone; a key left behind is harmless (the next run finds it and no
            // file, and makes a new database with it).
            return LocalDatabaseResetResult { false,
                QStringLiteral("the database was deleted but its key could not be removed: ")
                    + outcomeName(removed.outcome) };
        })
        .onCanceled([] {
            return LocalDatabaseResetResult { false,
                QStringLiteral("the request to remove the key was cancelled") };
        });
}

} // namespace tessera
