// The directory's people in the server (SQLite and PostgreSQL) with the real slapd: the
// directory's listing in pages; synced at start and on an admin's demand, addressable before
// their first sign-in, dropped recipients named with their reason, a sync with the directory
// down changing nothing, people disabled or gone in the directory disabled (their tokens
// refused) and enabled again.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "identity/directory.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "slapdprocess.h"
#include "testhttp.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

using namespace tessera::test;
using tessera::server::Directory;
using tessera::server::DirectoryConfig;
using ServerPerson = tessera::server::DirectoryPerson;
using TestPerson = tessera::test::DirectoryPerson;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

// An information notification (no actions, so no callback) for recipients.
QJsonObject notice(const QJsonObject &recipients)
{
    return QJsonObject {
        { QStringLiteral("recipients"), recipients },
        { QStringLiteral("title"), QStringLiteral("Office closed on Friday") },
        { QStringLiteral("body"), QStringLiteral("The Pune office is closed on Friday.") },
        { QStringLiteral("category"), QStringLiteral("facilities") },
        { QStringLiteral("reference"), QStringLiteral("FAC-12") },
    };
}

QJsonObject users(const QStringList &ids)
{
    return QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(ids) } };
}

QJsonObject dropped(const QString &id, const QString &reason)
{
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("reason"), reason } };
}

} // namespace

class TestPeople : public QObject
{
    Q_OBJECT

    SlapdProcess m_slapd;
    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_keys = 0;
    int m_devices = 0;

    struct Server
    {
        ServerProcess process;
        QString databaseUrl;
        QString adminToken;
    };

    DirectoryConfig directoryConfig() const
    {
        DirectoryConfig config;
        config.security = DirectoryConfig::Security::Plain;
        config.url = QUrl(m_slapd.url());
        config.baseDn = m_slapd.baseDn();
        config.bindDn = m_slapd.serviceBindDn();
        config.bindPassword = m_slapd.servicePassword();
        return config;
    }

    // Starts the server on kind with the test directory; signs the demo admin in.
    bool start(Server &server, const QString &kind)
    {
        ServerProcess::Options options;
        options.now = kStart;
        server.databaseUrl =
            databaseForKind(m_postgres, kind, QStringLiteral("people_%1").arg(++m_databases));
        options.database = server.databaseUrl;
        options.config.insert(QStringLiteral("directory"),
            QJsonObject {
                { QStringLiteral("url"), m_slapd.url() },
                { QStringLiteral("security"), QStringLiteral("plain") },
                { QStringLiteral("baseDn"), m_slapd.baseDn() },
                { QStringLiteral("bindDn"), m_slapd.serviceBindDn() },
                { QStringLiteral("bindPassword"), m_slapd.servicePassword() },
            });
        if (!server.process.start(options)) {
            qWarning("%s", qPrintable(server.process.error()));
            return false;
        }
        // The sync at start has ended (an admin's sync meanwhile would answer 409).
        if (!QTest::qWaitFor(
                [&server] {
                    const QByteArray output = server.process.output();
                    return output.contains("people sync by directory-sync done")
                        || output.contains("people sync failed");
                },
                20000)) {
            qWarning("the people sync at start did not end");
            return false;
        }
        const QJsonObject admin = demoAccountWithRole(server.process, QStringLiteral("admin"));
        server.adminToken = login(server.process, QStringLiteral("local"),
            admin.value(QStringLiteral("username")).toString(),
            admin.value(QStringLiteral("password")).toString())
                                .json()
                                .value(QStringLiteral("accessToken"))
                                .toString();
        return !server.adminToken.isEmpty();
    }

    HttpResult login(const ServerProcess &server, const QString &kind, const QString &username,
        const QString &password)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/auth/login")),
            compactJson(QJsonObject { { QStringLiteral("kind"), kind },
                { QStringLiteral("username"), username }, { QStringLiteral("password"), password },
                { QStringLiteral("device"),
                    testDevice(QStringLiteral("people-device-%1").arg(++m_devices)) } }));
    }

    // Signs a directory person in; answers the access token.
    QString signInDirectory(const ServerProcess &server, const QString &username)
    {
        const auto person = m_slapd.person(username);
        if (!person)
            return {};
        return login(server, QStringLiteral("ad"), username, person->password)
            .json()
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    HttpResult notify(const ServerProcess &server, const QJsonObject &recipients)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
            compactJson(notice(recipients)),
            bearer(demoApiKey(server).value(QStringLiteral("key")).toString(),
                "people-" + QByteArray::number(++m_keys)));
    }

    static HttpResult sync(const Server &server)
    {
        return httpRequest("POST", server.process.url(QStringLiteral("/v1/admin/people/sync")), {},
            bearer(server.adminToken));
    }

    static int count(const Server &server, const QString &statement)
    {
        return serverSqlInt(server.process.dataDir(), server.databaseUrl, statement);
    }

    // The ids of the notifications in a person's inbox.
    static QStringList inboxIds(const ServerProcess &server, const QString &token)
    {
        const HttpResult inbox =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox")), {}, bearer(token));
        QStringList ids;
        const QJsonArray items = inbox.json().value(QStringLiteral("items")).toArray();
        for (const auto &item : items)
            ids.append(item.toObject().value(QStringLiteral("id")).toString());
        return ids;
    }

    static int meStatus(const ServerProcess &server, const QString &token)
    {
        return httpRequest("GET", server.url(QStringLiteral("/v1/me")), {}, bearer(token)).status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_slapd.start(), qPrintable(m_slapd.error()));
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    // The people sync's listing: every person with an employeeID, in pages, with the relations
    // read from the list itself; over the bound or with the directory down, nothing.
    void listsEveryPersonInPages()
    {
        const Directory directory(directoryConfig());
        for (const int pageSize : { Directory::kListPageSize, 1, 3 }) {
            const Directory::Listing listing = directory.listPeople(pageSize);
            QVERIFY2(listing.ok, qPrintable(listing.message));
            QCOMPARE(listing.people.size(), m_slapd.people().size());
            QHash<QString, ServerPerson> byId;
            for (const ServerPerson &read : listing.people)
                byId.insert(read.employeeId, read);
            for (const TestPerson &expected : m_slapd.people()) {
                const auto read = byId.value(expected.employeeId);
                QCOMPARE(read.username, expected.username);
                QCOMPARE(read.dn, expected.dn);
                QCOMPARE(read.displayName, expected.displayName);
                QCOMPARE(read.department, expected.department);
                QCOMPARE(read.geo, expected.geo);
                QCOMPARE(read.disabled, expected.disabled);
            }
            QCOMPARE(
                byId.value(QStringLiteral("E1002")).managerEmployeeId, QStringLiteral("E1001"));
            QCOMPARE(byId.value(QStringLiteral("E1001")).managerEmployeeId, QString());
            QVERIFY(byId.value(QStringLiteral("E1001")).hasDirectReports);
            QVERIFY(byId.value(QStringLiteral("E1003")).hasDirectReports);
            QVERIFY(!byId.value(QStringLiteral("E1002")).hasDirectReports);
        }
        const Directory::Listing over = directory.listPeople(2, m_slapd.people().size() - 1);
        QVERIFY(!over.ok);
        QVERIFY(over.people.isEmpty());

        DirectoryConfig down = directoryConfig();
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        down.url = QUrl(QStringLiteral("ldap://127.0.0.1:%1").arg(closed.serverPort()));
        closed.close();
        const Directory::Listing unavailable = Directory(down).listPeople();
        QVERIFY(!unavailable.ok);
        QVERIFY(unavailable.people.isEmpty());
    }

    // Synced at start: an employee who never signed in is addressed, by id, department and
    // manager role, and finds the items at their first sign-in.
    void neverSignedInIsAddressable_data() { addDatabaseKinds(); }
    void neverSignedInIsAddressable()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        const auto chen = m_slapd.person(QStringLiteral("chen.li"));
        QVERIFY(chen.has_value());

        // The sync at start runs beside the first requests: wait for it.
        HttpResult sent = notify(server.process, users({ chen->employeeId }));
        QDeadlineTimer deadline(20000);
        while (sent.status == 422 && !deadline.hasExpired()) {
            QTest::qWait(100);
            sent = notify(server.process, users({ chen->employeeId }));
        }
        QCOMPARE(sent.status, 201);
        QCOMPARE(sent.json().value(QStringLiteral("recipientCount")).toInt(), 1);
        QCOMPARE(sent.json().value(QStringLiteral("dropped")).toArray(), QJsonArray {});
        const QString byId = sent.json().value(QStringLiteral("id")).toString();
        QCOMPARE(count(server,
                     QStringLiteral("SELECT COUNT(*) FROM devices WHERE user_id = '%1'")
                         .arg(chen->employeeId)),
            0);

        // Department Finance: Chen (Dana is disabled in the directory).
        const HttpResult finance = notify(server.process,
            QJsonObject { { QStringLiteral("departments"), QJsonArray { chen->department } } });
        QCOMPARE(finance.status, 201);
        QCOMPARE(finance.json().value(QStringLiteral("recipientCount")).toInt(), 1);
        // Managers by the directory's manager attribute: Asha (Ben's) and Chen (Dana's).
        const HttpResult managers = notify(server.process,
            QJsonObject { { QStringLiteral("roles"), QJsonArray { QStringLiteral("manager") } } });
        QCOMPARE(managers.status, 201);
        QCOMPARE(managers.json().value(QStringLiteral("recipientCount")).toInt(), 2);

        // The first sign-in: everything is there at once.
        const QString token = signInDirectory(server.process, chen->username);
        QVERIFY(!token.isEmpty());
        const QStringList inbox = inboxIds(server.process, token);
        QVERIFY2(inbox.contains(byId), qPrintable(inbox.join(u' ')));
        QVERIFY(inbox.contains(finance.json().value(QStringLiteral("id")).toString()));
        QVERIFY(inbox.contains(managers.json().value(QStringLiteral("id")).toString()));
        QCOMPARE(inbox.size(), 3);

        // The admin's sync answers its counts; nothing new since the one at start.
        const HttpResult synced = sync(server);
        QCOMPARE(synced.status, 200);
        const QJsonObject counts = synced.json();
        QCOMPARE(counts.value(QStringLiteral("listed")).toInt(), m_slapd.people().size());
        QCOMPARE(counts.value(QStringLiteral("added")).toInt(), 0);
        QCOMPARE(counts.value(QStringLiteral("disabled")).toInt(), 0);
        QCOMPARE(counts.value(QStringLiteral("skipped")).toInt(), 0);
        // Only admins; no body but {}.
        QCOMPARE(httpRequest("POST", server.process.url(QStringLiteral("/v1/admin/people/sync")),
                     {}, bearer(token))
                     .status,
            403);
        QCOMPARE(httpRequest("POST", server.process.url(QStringLiteral("/v1/admin/people/sync")),
                     "{\"full\":true}", bearer(server.adminToken))
                     .status,
            400);
    }

    // Named users left out are listed with their reason; none left: 422 listing them too.
    void droppedRecipientsAreNamed_data() { addDatabaseKinds(); }
    void droppedRecipientsAreNamed()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        QCOMPARE(sync(server).status, 200);
        const QString asha = m_slapd.person(QStringLiteral("asha.rao"))->employeeId;
        const QString dana = m_slapd.person(QStringLiteral("dana.pike"))->employeeId; // disabled
        const QString guard = demoAccount(server.process, QStringLiteral("Sam Guard"))
                                  .value(QStringLiteral("userId"))
                                  .toString();
        QVERIFY(!guard.isEmpty());

        const HttpResult mixed = notify(server.process,
            users({ QStringLiteral("E9999"), asha, guard, dana, QStringLiteral("E9999") }));
        QCOMPARE(mixed.status, 201);
        QCOMPARE(mixed.json().value(QStringLiteral("recipientCount")).toInt(), 1);
        const QJsonArray expected { dropped(QStringLiteral("E9999"), QStringLiteral("unknown")),
            dropped(guard, QStringLiteral("not_employee")),
            dropped(dana, QStringLiteral("disabled")) };
        QCOMPARE(mixed.json().value(QStringLiteral("dropped")).toArray(), expected);

        // Named and also matched by department: still left out, and said so.
        const HttpResult both = notify(server.process,
            QJsonObject { { QStringLiteral("users"), QJsonArray { dana } },
                { QStringLiteral("departments"), QJsonArray { QStringLiteral("Operations") } } });
        QCOMPARE(both.status, 201);
        QCOMPARE(both.json().value(QStringLiteral("recipientCount")).toInt(), 2);
        QCOMPARE(both.json().value(QStringLiteral("dropped")).toArray(),
            QJsonArray { dropped(dana, QStringLiteral("disabled")) });

        const HttpResult nobody =
            notify(server.process, users({ QStringLiteral("E9999"), guard, dana }));
        QCOMPARE(nobody.status, 422);
        QCOMPARE(nobody.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("no_recipients"));
        QCOMPARE(nobody.json().value(QStringLiteral("dropped")).toArray(), expected);
        QCOMPARE(count(server, QStringLiteral("SELECT COUNT(*) FROM notifications")), 2);
    }

    // The directory down: the sync fails, says so, and nobody is disabled or changed.
    void syncWithDirectoryDownChangesNothing_data() { addDatabaseKinds(); }
    void syncWithDirectoryDownChangesNothing()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        QCOMPARE(sync(server).status, 200);
        const QString enabledAd =
            QStringLiteral("SELECT COUNT(*) FROM users WHERE kind = 'ad' AND disabled = 0");
        const int enabled = count(server, enabledAd);
        QCOMPARE(enabled, m_slapd.people().size() - 1); // Dana is disabled
        const QString asha = m_slapd.person(QStringLiteral("asha.rao"))->employeeId;

        m_slapd.stop();
        const HttpResult down = sync(server);
        QVERIFY2(m_slapd.start(), qPrintable(m_slapd.error()));
        QCOMPARE(down.status, 503);
        QCOMPARE(down.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("directory_unavailable"));
        QCOMPARE(count(server, enabledAd), enabled);
        QCOMPARE(count(server,
                     QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action ="
                                    " 'disable_user'")),
            0);
        QCOMPARE(notify(server.process, users({ asha })).status, 201);
        QVERIFY(server.process.output().contains("people sync failed, nothing changed"));
    }

    // Disabled in the directory: disabled after the sync, tokens refused, no longer a recipient;
    // enabled again in the directory: enabled again. Gone from it: disabled too.
    void disabledOrGoneInDirectory_data() { addDatabaseKinds(); }
    void disabledOrGoneInDirectory()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        QCOMPARE(sync(server).status, 200);
        const auto ben = m_slapd.person(QStringLiteral("ben.okafor"));
        const QString token = signInDirectory(server.process, ben->username);
        QVERIFY(!token.isEmpty());
        QCOMPARE(meStatus(server.process, token), 200);

        QVERIFY2(m_slapd.setAccountDisabled(ben->username, true), qPrintable(m_slapd.error()));
        const HttpResult synced = sync(server);
        QVERIFY2(m_slapd.setAccountDisabled(ben->username, false), qPrintable(m_slapd.error()));
        QCOMPARE(synced.status, 200);
        QCOMPARE(synced.json().value(QStringLiteral("disabled")).toInt(), 1);
        QCOMPARE(meStatus(server.process, token), 401);
        QCOMPARE(notify(server.process, users({ ben->employeeId }))
                     .json()
                     .value(QStringLiteral("dropped"))
                     .toArray(),
            QJsonArray { dropped(ben->employeeId, QStringLiteral("disabled")) });

        // Enabled again in the directory (restored above): enabled at the next sync.
        const HttpResult again = sync(server);
        QCOMPARE(again.json().value(QStringLiteral("enabled")).toInt(), 1);
        QCOMPARE(notify(server.process, users({ ben->employeeId })).status, 201);

        // An admin's disable stays: the directory enables only whom it disabled.
        const QString chen = m_slapd.person(QStringLiteral("chen.li"))->employeeId;
        QCOMPARE(httpRequest("POST",
                     server.process.url(QStringLiteral("/v1/admin/users/%1/disabled").arg(chen)),
                     "{\"disabled\":true}", bearer(server.adminToken))
                     .status,
            200);
        QCOMPARE(sync(server).json().value(QStringLiteral("enabled")).toInt(), 0);
        QCOMPARE(
            count(server, QStringLiteral("SELECT disabled FROM users WHERE id = '%1'").arg(chen)),
            1);

        // A newcomer is added; once gone from the directory, disabled.
        const QString newcomerDn = QStringLiteral("uid=eve.park,%1").arg(m_slapd.peopleDn());
        QVERIFY2(m_slapd.modify(QStringLiteral("dn: %1\nchangetype: add\n"
                                               "objectClass: inetOrgPerson\n"
                                               "objectClass: tesseraAdUser\n"
                                               "cn: Eve Park\nsn: Park\ndisplayName: Eve Park\n"
                                               "sAMAccountName: eve.park\nemployeeID: E1099\n"
                                               "department: Finance\nl: London\n"
                                               "userAccountControl: 512\n")
                                    .arg(newcomerDn)
                                    .toUtf8()),
            qPrintable(m_slapd.error()));
        const HttpResult added = sync(server);
        QCOMPARE(added.json().value(QStringLiteral("added")).toInt(), 1);
        QCOMPARE(notify(server.process, users({ QStringLiteral("E1099") })).status, 201);
        QVERIFY2(
            m_slapd.modify(QStringLiteral("dn: %1\nchangetype: delete\n").arg(newcomerDn).toUtf8()),
            qPrintable(m_slapd.error()));
        const HttpResult gone = sync(server);
        QCOMPARE(gone.json().value(QStringLiteral("disabled")).toInt(), 1);
        QCOMPARE(notify(server.process, users({ QStringLiteral("E1099") }))
                     .json()
                     .value(QStringLiteral("dropped"))
                     .toArray(),
            QJsonArray { dropped(QStringLiteral("E1099"), QStringLiteral("disabled")) });
    }
};

QTEST_GUILESS_MAIN(TestPeople)
#include "tst_people.moc"
