#pragma once

#include "notifications/notificationresults.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The approvers of an "all" notification and each one's state (docs/NOTIFICATIONS.md, "Approval
// modes"). Runs on the connection it is given, inside the caller's transaction if any; false or
// nullopt when the database failed.
class ApprovalRepository
{
public:
    // approvalMode values.
    static QString modeAny();
    static QString modeAll();

    // Asks each of approvers (in this order), all pending.
    static bool insert(QSqlDatabase &db, const QString &id, const QStringList &approvers);
    // Records userId's approval ("approved" or "rejected") if it was pending: Unchanged when it was
    // not. inputs: the card's inputs it was sent with (compact JSON), empty when none.
    static Written set(QSqlDatabase &db, const QString &id, const QString &userId,
        const QString &state, const QString &at, const QString &via, const QString &comment,
        const QString &inputs = {});
    // How many approvers of id have not decided yet.
    static std::optional<qsizetype> pendingCount(QSqlDatabase &db, const QString &id);
    // [{"userId","name","state","at","via"}] in the order the sender named them.
    static std::optional<QJsonArray> list(QSqlDatabase &db, const QString &id);
    // list() of each of ids (at most a page of them) in one query, by notification id; an id
    // without approvers is not in it.
    static std::optional<QHash<QString, QJsonArray>> listEach(
        QSqlDatabase &db, const QStringList &ids);
    // Fills in the approvals of an "all" item of the inbox (InboxItemView marks them with
    // "approval":{"mode":"all"}); other items stay as they are.
    static bool attach(QSqlDatabase &db, QJsonObject *item);
    // attach() for each object of items (one query for them all).
    static bool attachEach(QSqlDatabase &db, QJsonArray *items);
};

} // namespace tessera::server
