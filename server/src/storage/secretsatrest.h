#pragma once

#include "storage/secretseal.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace tessera::server {

class Storage;

// What each sealed column's values are bound to (SecretSeal's context).
QString webhookSecretContext(const QString &apiKeyId);
QString issuerSecretKeyContext(const QString &issuerKeyId);

// At start, after the migrations: the seal for the server's secrets at rest (webhook secrets,
// issuer secret keys), from keyFile. The key is made only while the database holds nothing
// sealed; a missing, unreadable or wrong key with sealed values is an error (the server does not
// start, and nothing is changed). Values still in plain text (a database from before sealing)
// are sealed, all in one transaction.
std::unique_ptr<SecretSeal> openSecretsAtRest(
    Storage &storage, const QString &keyFile, QString *error);

// openSecretsAtRest's first half, in the caller's transaction on db: the key from keyFile (made
// only while the database holds no sealed secret), checked against a sealed secret; nothing is
// sealed. A migration that seals a feature's values uses it (MigrationContext::openSeal).
std::unique_ptr<SecretSeal> openSecretSeal(
    QSqlDatabase &db, const QString &keyFile, QString *error);

} // namespace tessera::server
