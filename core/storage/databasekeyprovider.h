#pragma once

#include "storage/secretstore.h"

#include <QByteArray>
#include <QFuture>
#include <QString>

namespace tessera {

enum class DatabaseKeyOutcome {
    Found, // the secure store held a valid key
    Created, // no key and no database: a new random key was made and stored (the write was Ok)
    Lost, // the store holds no key but the database file exists: its data cannot be read.
          // Nothing was generated; the caller may offer an explicit reset.
    Invalid, // the stored secret is not a 32-byte key; nothing was generated
    Unavailable, // the store could not be asked (keyring not ready, no D-Bus): retry later
    Denied, // the store refused (locked keyring, user said no): retry
    Failed, // the store refused the request itself (SecretOutcome::Refused) or gave no answer
};

QString outcomeName(DatabaseKeyOutcome outcome);

struct DatabaseKeyResult
{
    DatabaseKeyOutcome outcome = DatabaseKeyOutcome::Unavailable;
    QByteArray key; // 32 bytes, only for Found and Created; wipe it (secureWipe) after use
    QString message; // for people and logs; never contains key material

    bool hasKey() const
    {
        return outcome == DatabaseKeyOutcome::Found || outcome == DatabaseKeyOutcome::Created;
    }
};

// Gets the SQLCipher key of one database file through the SecretStore, asynchronously, keeping
// the rule that only a definite "not found" — and only while no database file exists — leads
// to a new key, and that a new key is used only after the store confirmed the write.
// Unavailable and Denied never generate, write or touch anything.
class DatabaseKeyProvider
{
public:
    static QString defaultSecretName() { return QStringLiteral("database-key"); }

    // store must outlive every future this returns.
    explicit DatabaseKeyProvider(SecretStore &store, QString secretName = defaultSecretName());

    // The returned future always finishes with one result. Do not run two at a time for the
    // same store and name (LocalDatabase makes sure of that).
    QFuture<DatabaseKeyResult> obtain(const QString &databasePath) const;
    // Removes the key (sign-out, explicit reset); wipe the database files first.
    QFuture<SecretResult> forget() const;

    QString secretName() const { return m_secretName; }

private:
    SecretStore &m_store;
    QString m_secretName;
};

} // namespace tessera
