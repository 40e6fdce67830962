#include "storage/databasekeyprovider.h"

#include "base/logging.h"
#include "base/securewipe.h"
#include "storage/database.h"

#include <QFile>
#include <QPromise>

#include <memory>

namespace tessera {

namespace {

using KeyPromise = std::shared_ptr<QPromise<DatabaseKeyResult>>;

void finish(const KeyPromise &promise, DatabaseKeyResult result)
{
    if (result.hasKey())
        qCInfo(lcSecrets).noquote() << "database key:" << outcomeName(result.outcome);
    else
        qCWarning(lcSecrets).noquote()
            << "database key:" << outcomeName(result.outcome) << "-" << result.message;
    promise->addResult(std::move(result));
    promise->finish();
}

DatabaseKeyOutcome failureOf(SecretOutcome outcome)
{
    switch (outcome) {
    case SecretOutcome::Unavailable:
        return DatabaseKeyOutcome::Unavailable;
    case SecretOutcome::Denied:
        return DatabaseKeyOutcome::Denied;
    case SecretOutcome::Ok:
    case SecretOutcome::NotFound:
    case SecretOutcome::Refused:
        break;
    }
    return DatabaseKeyOutcome::Failed;
}

QString failureMessage(const SecretResult &result, const QString &what)
{
    QString message =
        what + QStringLiteral(": the secure store answered ") + outcomeName(result.outcome);
    if (!result.message.isEmpty())
        message += QStringLiteral(" (") + result.message + QStringLiteral(")");
    return message;
}

// The result of a finished future. Not takeResult(): in Qt 6.4 it resets the shared state to
// "not started" while the store's QPromise may still be alive, whose destructor then cancels
// the future and runs this continuation a second time. result() is right on any Qt version:
// nothing to remove later.
SecretResult secretResult(const QFuture<SecretResult> &future)
{
    if (future.resultCount() == 0)
        return SecretResult { SecretOutcome::Unavailable, {},
            QStringLiteral("the secure store gave no answer") };
    return future.result();
}

} // namespace

QString outcomeName(DatabaseKeyOutcome outcome)
{
    switch (outcome) {
    case DatabaseKeyOutcome::Found:
        return QStringLiteral("found");
    case DatabaseKeyOutcome::Created:
        return QStringLiteral("created");
    case DatabaseKeyOutcome::Lost:
        return QStringLiteral("lost");
    case DatabaseKeyOutcome::Invalid:
        return QStringLiteral("invalid");
    case DatabaseKeyOutcome::Unavailable:
        return QStringLiteral("unavailable");
    case DatabaseKeyOutcome::Denied:
        return QStringLiteral("denied");
    case DatabaseKeyOutcome::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

DatabaseKeyProvider::DatabaseKeyProvider(SecretStore &store, QString secretName)
    : m_store(store)
    , m_secretName(std::move(secretName))
{ }

QFuture<DatabaseKeyResult> DatabaseKeyProvider::obtain(const QString &databasePath) const
{
    auto promise = std::make_shared<QPromise<DatabaseKeyResult>>();
    promise->start();
    QFuture<DatabaseKeyResult> future = promise->future();

    SecretStore *store = &m_store;
    const QString name = m_secretName;
    // A cancelled store future (its promise died unfinished) still gives one answer.
    const auto cancelled = [promise] {
        finish(promise,
            { DatabaseKeyOutcome::Unavailable, {},
                QStringLiteral("the secure store request was cancelled") });
    };

    store->read(name)
        .then([promise, store, name, databasePath, cancelled](const QFuture<SecretResult> &done) {
            SecretResult read = secretResult(done);
            switch (read.outcome) {
            case SecretOutcome::Ok: {
                if (read.value.size() != Database::keyBytes) {
                    const qsizetype size = read.value.size();
                    secureWipe(read.value);
                    finish(promise,
                        { DatabaseKeyOutcome::Invalid, {},
                            QStringLiteral("the stored database key has %1 bytes instead of %2; "
                                           "it was left as it is")
                                .arg(size)
                                .arg(Database::keyBytes) });
                    return;
                }
                finish(promise, { DatabaseKeyOutcome::Found, std::move(read.value), {} });
                return;
            }
            case SecretOutcome::NotFound:
                break;
            case SecretOutcome::Unavailable:
            case SecretOutcome::Denied:
            case SecretOutcome::Refused:
                finish(promise,
                    { failureOf(read.outcome), {},
                        failureMessage(read, QStringLiteral("reading the database key")) });
                return;
            }

            // A definite "not found". With a database file on disk the key is lost, not new:
            // a new key would not open that file, so none is made.
            if (QFile::exists(databasePath)) {
                finish(promise,
                    { DatabaseKeyOutcome::Lost, {},
                        QStringLiteral("the secure store has no database key but the database "
                                       "file exists; its data cannot be read without it") });
                return;
            }

            QByteArray key = Database::newKey();
            store->write(name, key)
                .then([promise, key](const QFuture<SecretResult> &written) mutable {
                    const SecretResult answer = secretResult(written);
                    if (answer.outcome != SecretOutcome::Ok) {
                        // Never used unless stored: a key that only this process knew would
                        // leave a database nobody can open after a restart.
                        secureWipe(key);
                        finish(promise,
                            { failureOf(answer.outcome), {},
                                failureMessage(
                                    answer, QStringLiteral("storing a new database key")) });
                        return;
                    }
                    finish(promise, { DatabaseKeyOutcome::Created, std::move(key), {} });
                })
                .onCanceled(cancelled);
            secureWipe(key); // drops this reference; the last holder wipes the bytes
        })
        .onCanceled(cancelled);
    return future;
}

QFuture<SecretResult> DatabaseKeyProvider::forget() const
{
    return m_store.remove(m_secretName);
}

} // namespace tessera
