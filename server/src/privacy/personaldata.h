#pragma once

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

class ChangeTransaction;
struct PersonalSubject;

// What one table holds about a person (DESIGN.md, "People's data"): the columns that name them
// and how their rows are found. Each feature declares its tables where it registers; the export
// (GET /v1/privacy/export) reads them, and tst_privacy_coverage fails when a table names a person
// in a column no feature declared.
struct PersonalTable
{
    PersonalTable(QString inSection, QString inTable, QStringList inColumns, QString inWhere = {},
        QStringList inWithheld = {}, QString inReason = {})
        : section(std::move(inSection))
        , table(std::move(inTable))
        , columns(std::move(inColumns))
        , where(std::move(inWhere))
        , withheld(std::move(inWithheld))
        , reason(std::move(inReason))
    { }

    QString section; // the export's section ("profile", "inbox", ...)
    QString table;
    QStringList columns; // the columns that name the person (their user id or username)
    // The rows of the person: SQL after WHERE, with {user} for the user id and {username} for
    // the sign-in name's key. Empty: any of columns equals the user id.
    QString where;
    QStringList withheld; // columns never exported (token hashes, keys), named in the export
    QString reason; // why withheld, or why the table is not exported at all
    bool exported = true; // false: plumbing about the person, listed (with reason) but not copied
    // An erasure's statements for the table, in order, with {user}, {username}, {name} (the
    // display name), {pseudonym} (a random stand-in kept where a row must stay, as in the audit
    // trail) and {now}. Empty: the person's rows (where) are deleted.
    QStringList erase;
    // What the feature must do through its own rules before any statement, in the erasure's
    // transaction: a change its readers' feeds hear of (a post handed over), a place freed on a
    // waiting list. Empty: nothing. false fails the erasure. It must change nothing when the
    // person is already erased (an erasure runs again after a crash).
    std::function<bool(ChangeTransaction &transaction, const PersonalSubject &person)> eraser;
    // What an erasure keeps of the person's rows, and why (the export's keptOnErasure); empty:
    // nothing beyond a pseudonym.
    QString kept;
};

// Erasure statements: column set to the pseudonym where it is the person's id; and the person's
// id, as a JSON string, replaced by the pseudonym's inside column (audiences, lists of people).
QString pseudonymized(const QString &table, const QString &column);
QString jsonPseudonymized(const QString &table, const QString &column);
// The person's display name replaced by the pseudonym inside column's text (nothing when the
// name is not known).
QString nameReplaced(const QString &table, const QString &column);
// What the organisation keeps of a person's work (a publisher's posts and their images), or must
// keep for a while (their revoked passes, until the revocation list drops them), is handed to a
// stand-in account: a disabled local account named formerEmployee(), without password, roles or
// e-mail, whose id is the erasure's pseudonym, marked users.stand_in (privacy migration 2): the
// admin's account changes refuse it and local sign-in never finds it. The statement makes it once,
// when table has rows whose column is the person's id (the tables that refer to users need an
// owner there).
QString standInMade(const QString &table, const QString &column);
QString formerEmployee(); // "Former employee"

// A table of publications (cards, services, events, surveys, media refs) whose audience columns
// may name a person by id: declared so the coverage test knows them, not exported (what reached
// the person is in its own section).
PersonalTable audienceTable(const QString &table,
    const QStringList &columns = { QStringLiteral("audience"), QStringLiteral("previous_audience"),
        QStringLiteral("audiences") });

// The person an export or erasure is about.
struct PersonalSubject
{
    QString userId;
    QString usernameKey; // users.username_key: login failures and locks name the person by it
    QString displayName;
    QString pseudonym; // an erasure's stand-in: random, never derived from the person
    QString now; // an erasure's time, as the tables store times (RFC 3339)
};

class PersonalData
{
public:
    // A feature's tables. A table or column name that is not a plain SQL identifier, or a table
    // declared twice, is a programming error (Q_ASSERT, and ignored in release builds).
    void add(const QList<PersonalTable> &tables);
    const QList<PersonalTable> &tables() const { return m_tables; }

    // The person, as the users table knows them; nullopt when the statement fails, an empty
    // userId when there is no such person.
    static std::optional<PersonalSubject> subject(QSqlDatabase &db, const QString &userId);

    // Everything the declared tables hold about the person, as one JSON document:
    // {"person", "sections": {section: {table: [rows]}}, "withheld": [...], "notExported": [...],
    // "keptOnErasure": [{"table", "reason"}]}.
    // nullopt when a statement fails (logged, never answered in detail).
    std::optional<QJsonObject> exportOf(QSqlDatabase &db, const PersonalSubject &person) const;

    // Erases the person from every declared table (first every eraser, then the statements of
    // each, the last declared first, so a person's row goes after the rows that refer to it).
    // The caller's transaction makes it all or nothing (its commit tells the readers' feeds):
    // false when a statement fails (logged). Running it again for a person already erased
    // changes nothing and succeeds (person.userId, usernameKey and displayName as they were, any
    // pseudonym).
    bool erase(ChangeTransaction &transaction, const PersonalSubject &person) const;
    // The same on a bare connection, for declarations without a feature eraser only: false
    // (logged, nothing run) when a table declares one, since its changes need the feed. The
    // server's erasure (the registry declares erasers for news and events) uses the overload
    // above.
    bool erase(QSqlDatabase &db, const PersonalSubject &person) const;

    // The WHERE clause and its values for one table and person.
    static QString whereOf(
        const PersonalTable &table, const PersonalSubject &person, QVariantList *values);
    // statement with its {tokens} as typed placeholders, and their values in order.
    static QString bound(
        const QString &statement, const PersonalSubject &person, QVariantList *values);

private:
    bool eraseIn(
        QSqlDatabase &db, const PersonalSubject &person, ChangeTransaction *transaction) const;

    QList<PersonalTable> m_tables;
};

} // namespace tessera::server
