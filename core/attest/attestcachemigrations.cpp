#include "attest/attestcachemigrations.h"

namespace tessera {

QList<Migration> attestCacheMigrations()
{
    return {
        // attest_values: the form as the server last gave it ("form": {"card","version"} as
        // compact JSON) and the last answer the server took ("answer": {"id","day","inputs",
        // "answeredAt"}). attest_outbox: answers this device sends, in the session's encrypted
        // database until the server has them, each with the Idempotency-Key it keeps for every
        // attempt; a delivered or refused answer's row is deleted.
        Migration::fromSql(1, QStringLiteral("The attestation form, last answer and outbox"),
            QByteArrayLiteral("CREATE TABLE attest_values ("
                              " name TEXT PRIMARY KEY NOT NULL,"
                              " value TEXT NOT NULL);"
                              "CREATE TABLE attest_outbox ("
                              " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                              " idempotency_key TEXT NOT NULL,"
                              " body TEXT NOT NULL,"
                              " attempts INTEGER NOT NULL DEFAULT 0,"
                              " next_attempt_at INTEGER,"
                              " queued_at INTEGER NOT NULL);")),
    };
}

} // namespace tessera
