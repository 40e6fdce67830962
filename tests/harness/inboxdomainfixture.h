#pragma once

// Header only (tessera_domaintesting): the inbox's domain services in the test's own process on a
// fresh server database of either kind, as tst_notification_races and tst_internal_sender use
// them: the change feed, the notifications and the decisions, on SQLite or on a new database of
// the test's PostgreSQL cluster (started by its initTestCase).
#include "base/clock.h"
#include "databasekinds.h"
#include "domainsql.h"
#include "feed/changefeed.h"
#include "inbox/decisionservice.h"
#include "notifications/notificationservice.h"
#include "postgrescluster.h"

#include <QSqlQuery>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace tessera::test {

class InboxDomainFixture
{
protected:
    PostgresCluster m_postgres;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<server::Storage> m_storage;
    server::Clock m_clock;
    std::unique_ptr<server::ChangeFeed> m_feed;
    std::unique_ptr<server::NotificationService> m_notifications;
    std::unique_ptr<server::DecisionService> m_decisions;

    // A fresh database of kind, migrated (PostgreSQL: named prefix_N), with the services on it.
    // The calling test fails when it cannot be made.
    void openDomain(const QString &kind, const QString &prefix)
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QString database =
            databaseForKind(m_postgres, kind, QStringLiteral("%1_%2").arg(prefix).arg(++m_opened));
        if (database.isEmpty())
            database = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("tessera.db"));
        QString error;
        m_storage = server::Storage::open(database, m_dir->path(), &error);
        QVERIFY2(
            m_storage && m_storage->migrate(server::serverMigrations(), &error), qPrintable(error));
        m_feed = std::make_unique<server::ChangeFeed>(*m_storage, m_clock);
        m_notifications = std::make_unique<server::NotificationService>(*m_feed, m_clock);
        m_decisions = std::make_unique<server::DecisionService>(*m_feed, m_clock);
    }

    // The services and the database gone, the users of the services first (the test's cleanup).
    void closeDomain()
    {
        m_decisions.reset();
        m_notifications.reset();
        m_feed.reset();
        m_storage.reset();
        m_dir.reset();
    }

    int count(const QString &statement, const QVariantList &values = {})
    {
        return domainCount(*m_storage, statement, values);
    }

    // The notification's state, empty when there is no such notification.
    QString stateOf(const QString &id)
    {
        QSqlQuery query(m_storage->connection());
        if (!server::sql::exec(
                query, QStringLiteral("SELECT state FROM notifications WHERE id = ?"), { id })
            || !query.next())
            return {};
        return query.value(0).toString();
    }

private:
    int m_opened = 0; // databases made so far: each PostgreSQL one has a new name
};

} // namespace tessera::test
