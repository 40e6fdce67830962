#include "inbox/inboxmigrations.h"

namespace tessera {

QList<Migration> inboxMigrations()
{
    return {
        // An item's Adaptive Card (compact JSON, checked with CardParser when it came; the
        // server never changes it), the card's inputs of the decision waiting in the outbox
        // (pendingInputs, a JSON object; NULL when none waits) and what the server said of the
        // last decision's inputs (inputErrors, 422 invalid_inputs' [{input, message}]).
        Migration::fromSql(1, QStringLiteral("the cards of inbox items and their decision inputs"),
            QByteArrayLiteral("CREATE TABLE inbox_cards ("
                              " itemId TEXT PRIMARY KEY NOT NULL,"
                              " card TEXT NOT NULL,"
                              " pendingInputs TEXT,"
                              " inputErrors TEXT);")),
    };
}

} // namespace tessera
