#pragma once

#include "net/apiclient.h"
#include "storage/localdatabase.h"
#include "storage/secretstore.h"

#include <QCoreApplication>
#include <QString>

namespace tessera {

// The words of the session's failures, for a person: a failed call (wrong password, locked for
// N minutes, ...), a keyring or local data that cannot be used, with the error code the
// session reports.
class FailureText
{
    Q_DECLARE_TR_FUNCTIONS(tessera::Session)
public:
    // One sentence about a failed call.
    static QString describe(const ApiReply &reply);
    // keyring_denied or keyring_unavailable, and its sentence.
    static QString keyringCode(SecretOutcome outcome);
    static QString keyringMessage(SecretOutcome outcome);
    // The error code and sentence of a local database that could not be opened on a restore
    // (a keyring that cannot be used gives the keyring's).
    static QString localDataCode(const LocalDatabaseResult &opened);
    static QString localDataMessage(const LocalDatabaseResult &opened);
};

} // namespace tessera
