#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <variant>

namespace tessera::server {

class Clock;

// The sign-in lockout (docs/IDENTITY.md, "Lockout"), counted in the database so that it holds
// across requests running at once and across server nodes on one database (DESIGN.md, second
// round, decision 11). An attempt first reserves a slot for its user name, in a transaction that
// holds the name's lock row, and only while the failures in the window plus the reservations in
// flight stay under userFailureLimit; the password is then checked outside any transaction, and
// the outcome recorded (a failure, a success that clears the name's failures, or neither). A
// reservation whose request never came back (the node stopped) frees its slot after
// reservationSeconds. The per-address limit counts failures only.
// Thread-safe; every method blocks on the database.
class LoginLockout
{
public:
    static constexpr int userFailureLimit = 5;
    static constexpr int ipFailureLimit = 30;
    static constexpr qint64 failureWindowSeconds = qint64(15) * 60;
    static constexpr qint64 reservationSeconds = 60;

    // One reserved password check. Destroyed without an outcome, it gives its slot back.
    class Attempt
    {
    public:
        Attempt(Attempt &&other) noexcept;
        Attempt &operator=(Attempt &&) = delete;
        Attempt(const Attempt &) = delete;
        Attempt &operator=(const Attempt &) = delete;
        ~Attempt();

        // The password was wrong (or the user unknown): counts towards both limits.
        void failed();
        // The password was right: the name's failures are cleared.
        void succeeded();
        // Neither (the directory could not be asked, the server failed): the slot is freed.
        void release();

    private:
        friend class LoginLockout;
        Attempt(const LoginLockout &lockout, const QSqlDatabase &db, QString id,
            QString usernameKey, QString clientIp);
        void finish(bool failure, bool success);

        const LoginLockout *m_lockout = nullptr; // null once finished or moved from
        QSqlDatabase m_db;
        QString m_id;
        QString m_usernameKey;
        QString m_clientIp;
    };

    // A reservation refused: the name or address is locked for retryAfterSeconds, or (0) the
    // database refused.
    struct Refusal
    {
        qint64 retryAfterSeconds = 0;
    };

    explicit LoginLockout(const Clock &clock);

    // The key user names are counted under: case-insensitive ("Asha.Rao" = "asha.rao"), without
    // the spaces a directory ignores, a user principal name as its part before the @.
    static QString key(const QString &username);

    // Reserves a password check for usernameKey from clientIp, or refuses it when the name or
    // the address is locked or the name's slots are taken (the wait), or the database refused.
    std::variant<Attempt, Refusal> reserve(
        QSqlDatabase &db, const QString &usernameKey, const QString &clientIp) const;
    // Forgets the name's failures (an admin's password reset).
    void clear(QSqlDatabase &db, const QString &usernameKey) const;
    // Deletes failures past their window, expired reservations and idle lock rows.
    bool prune(QSqlDatabase &db) const;

private:
    const Clock &m_clock;
};

} // namespace tessera::server
