#pragma once

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// The submissions table (migration 17): what people submitted to services, with the status the
// sub-system set. Runs on the connection it is given, inside the caller's transaction when there
// is one.
class SubmissionRepository
{
public:
    struct Stored
    {
        QString id; // "sub_..."
        QString service; // the services row's id
        QString apiKeyId;
        qint64 formVersion = 0;
        QString userId;
        QString action;
        QString inputs; // JSON object
        QString status;
        QString message;
        QString resultCard; // JSON object, or empty
        QString submittedAt;
        QString updatedAt;
        qint64 changeId = 0;
        // From the service and the people table, for the views.
        QString serviceId; // the sub-system's own
        QString serviceTitle;
        QString submitterName;
    };

    // A page of changes: the rows after a cursor, in change order.
    struct Page
    {
        QList<Stored> rows;
        bool more = false;
    };

    static bool isFinal(const QString &status);
    // The statuses a sub-system may set: received, in_progress, done, rejected.
    static const QStringList &settableStatuses();

    static bool find(QSqlDatabase &db, const QString &id, std::optional<Stored> *found);
    static bool insert(QSqlDatabase &db, const Stored &submission);
    // Writes the status, message, result card and updatedAt of submission (by its id).
    static bool update(QSqlDatabase &db, const Stored &submission);
    static bool stamp(QSqlDatabase &db, const QString &id, qint64 changeId);
    // The person's submissions changed after since, at most limit.
    static std::optional<Page> ofPerson(
        QSqlDatabase &db, const QString &userId, qint64 since, int limit);
    // The submissions to apiKeyId's services (to its serviceId only, when given) changed after
    // since, at most limit.
    static std::optional<Page> ofKey(QSqlDatabase &db, const QString &apiKeyId,
        const QString &serviceId, qint64 since, int limit);

    // The person's view ("My requests").
    static QJsonObject toPersonJson(const Stored &submission);
    // The sub-system's view: its own serviceId, the form version and the submitter.
    static QJsonObject toSubsystemJson(const Stored &submission);
};

} // namespace tessera::server
