#pragma once

#include "storage/database.h"
#include "storage/databasekeyprovider.h"
#include "storage/databaseschema.h"

#include <QFuture>
#include <QPromise>
#include <QString>

#include <memory>

namespace tessera {

class SecretStore;

// What the session can do about the local database. Every outcome but Ready leaves the files
// and the secure store exactly as they were.
enum class LocalDatabaseOutcome {
    Ready, // open and migrated: database is set
    KeyUnavailable, // the secure store cannot be asked (keyring not ready): show retry
    KeyDenied, // the secure store refused (locked, user said no): show retry
    KeyLost, // the database exists but its key is gone: offer an explicit reset
    KeyInvalid, // the stored key is malformed: offer an explicit reset
    WrongKey, // the stored key does not open the file (or it is damaged): offer a reset
    NewerSchema, // written by a newer Tessera: ask to update the app; never reset
    Corrupt, // damaged: offer an explicit reset
    StorageError, // the file or folder cannot be used (full, permissions, busy): retry
    Failed, // a migration failed, or the secure store refused to store a new key
};

QString outcomeName(LocalDatabaseOutcome outcome);

struct LocalDatabaseResult
{
    LocalDatabaseOutcome outcome = LocalDatabaseOutcome::Failed;
    std::shared_ptr<Database> database; // only when Ready
    bool created = false; // Ready with a new, empty database (first run or after a reset)
    QString message; // for people
    QString detail; // for logs; never key material

    bool ok() const { return outcome == LocalDatabaseOutcome::Ready; }
    // Trying again later may succeed without losing anything.
    bool canRetry() const;
    // Only an explicit reset (reset(): deletes the data) gets the app going again.
    bool needsReset() const;
};

struct LocalDatabaseResetResult
{
    bool ok = false;
    QString message;
};

// The client's encrypted local database: its key from the secure store
// (DatabaseKeyProvider), then Database::open with the client's migrations. The store must
// outlive this object and its futures.
class LocalDatabase
{
public:
    explicit LocalDatabase(
        SecretStore &store, QString keyName = DatabaseKeyProvider::defaultSecretName());

    // Opens the database at path, creating it and its key when neither exists yet, with
    // schema's migrations (Database::open). A call while another is running answers the running
    // one's future. The result (and so the open Database) lives as long as any copy of the
    // returned future: drop them when done.
    QFuture<LocalDatabaseResult> openOrCreate(
        const QString &path, const DatabaseSchema &schema = DatabaseSchema::base());

    // Sign-out, or a reset the person confirmed: deletes the database files, then the key (in
    // this order, so that a failure never leaves a file without its key). Close the Database
    // (drop every shared_ptr to it) first.
    QFuture<LocalDatabaseResetResult> reset(const QString &path);

private:
    DatabaseKeyProvider m_keys;
    // The run in progress. Weak: a finished result (and its open Database) must live only as
    // long as the caller keeps it, never in here.
    std::weak_ptr<QPromise<LocalDatabaseResult>> m_pending;
};

} // namespace tessera
