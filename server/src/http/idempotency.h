#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

namespace tessera::server {

// Idempotency keys (DESIGN: "Mutating calls that a client may retry take an Idempotency-Key"):
// the first request with a key claims it; its answer is stored in the same transaction as its
// effect; a retry with the same key and the same request gets that answer again; the same key
// with another request is refused; a retry while the first still runs is told to wait.
// Keys are scoped to the API key ("key:<id>") or to the person ("user:<id>").
class Idempotency
{
public:
    enum class Claim {
        Fresh, // go ahead; call complete() in the transaction that applies the effect
        Replay, // answered before: status and body hold that answer
        Mismatch, // the key was used for another request
        InProgress, // the first request with this key still runs
        Failed, // the database refused
    };
    struct Result
    {
        Claim claim = Claim::Failed;
        int status = 0;
        QByteArray body;
    };

    // Longest key accepted; keys are 1..maxKeyLength visible ASCII characters.
    static constexpr qsizetype maxKeyLength = 128;
    // A claim older than this whose request never completed (the server stopped) may be taken
    // over by a retry.
    static constexpr qint64 abandonAfterSeconds = 120;

    static bool isValidKey(const QByteArray &key);

    // Commits its claim at once (outside any transaction of the caller).
    static Result claim(QSqlDatabase &db, const QString &scope, const QString &key,
        const QString &requestHash, const QDateTime &now);
    // Stores the answer; run it inside the transaction that applies the effect.
    static bool complete(QSqlDatabase &db, const QString &scope, const QString &key, int status,
        const QByteArray &body);
    // Gives the key up after a failure that must not be replayed (a 500): a retry runs again.
    static void release(QSqlDatabase &db, const QString &scope, const QString &key);
    // Deletes the keys made before before (retention.idempotencyKeyDays): a retry with such an
    // old key runs as a new request. false when the database refused.
    static bool prune(QSqlDatabase &db, const QDateTime &before);
};

} // namespace tessera::server
