#pragma once

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

struct DirectoryPerson;

// The SQL of the people sync on the users table, in the caller's connection and transaction.
// Answers of false or nullopt mean the database refused.
class PeopleRepository
{
public:
    // A row of users as the sync compares it with the directory.
    struct Stored
    {
        QString id;
        QString kind; // "ad" | "local"
        QString usernameKey;
        QString username;
        QString displayName;
        QString email;
        QString department;
        QString geo;
        QString managerId;
        bool hasDirectReports = false;
        bool disabled = false;
        bool directoryDisabled = false;

        // Whether the directory's view of the person differs from the row (not its disabled
        // state).
        bool differsFrom(const DirectoryPerson &person) const;
    };

    explicit PeopleRepository(QSqlDatabase &db);

    // Takes the sync's row until the transaction ends (one sync at a time across nodes).
    bool beginSync(const QDateTime &at);
    bool finishSync(const QDateTime &at, const QString &outcome);
    // Every person on the server, directory people and local IDs.
    std::optional<QList<Stored>> all() const;
    // A directory person the server has not seen; a row of the same id (a sign-in meanwhile)
    // is left as it is.
    bool insert(const DirectoryPerson &person, const QDateTime &at);
    // The directory's view of an existing directory person (not their disabled state).
    bool update(const DirectoryPerson &person, const QDateTime &at);
    // Disabled (or enabled again) because the directory says so.
    bool setDirectoryDisabled(const QString &id, bool disabled, const QDateTime &at);

private:
    QSqlDatabase &m_db;
};

} // namespace tessera::server
