// Reading back a notification's approval rules, against the real server (SQLite and
// PostgreSQL): GET /v1/notifications/{id} and the list carry the requester, the approval mode
// and, in mode all, each approver's state (who, when, through what), the same approvals the
// events carry. (The rules themselves: tst_approvals; the rest of reading back:
// tst_notifications_readback.)
#include "serversql.h"
#include "subsystemfixture.h"

#include <QTest>

using namespace tessera::test;

namespace {

// request with the approval mode and the requester (none when empty).
QJsonObject withRules(QJsonObject request, const QString &mode, const QString &requester)
{
    request.insert(QStringLiteral("approval"), QJsonObject { { QStringLiteral("mode"), mode } });
    if (!requester.isEmpty())
        request.insert(QStringLiteral("requester"), requester);
    return request;
}

QJsonObject approvalOf(const QJsonObject &notification)
{
    return notification.value(QStringLiteral("approval")).toObject();
}

// "userId:state" of each approval, in order.
QStringList statesOf(const QJsonObject &notification)
{
    QStringList states;
    const QJsonArray approvals =
        approvalOf(notification).value(QStringLiteral("approvals")).toArray();
    for (const auto &value : approvals)
        states.append(value.toObject().value(QStringLiteral("userId")).toString() + QLatin1Char(':')
            + value.toObject().value(QStringLiteral("state")).toString());
    return states;
}

// The item of items with id (empty when there is none).
QJsonObject itemWithId(const QJsonArray &items, const QString &id)
{
    for (const auto &item : items) {
        if (item.toObject().value(QStringLiteral("id")).toString() == id)
            return item.toObject();
    }
    return {};
}

} // namespace

class TestNotificationsApprovals : public QObject, protected SubsystemFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(setUp(&error), qPrintable(error));
    }

    void readBackShowsEachApprover_data() { addDatabaseKinds(); }
    void readBackShowsEachApprover()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        // A third approver: the demo's Mira Nurse made an employee.
        const QString mira = demoAccount(server, QStringLiteral("Mira Nurse"))
                                 .value(QStringLiteral("userId"))
                                 .toString();
        QVERIFY(!mira.isEmpty());
        QVERIFY(makeEmployee(server.dataDir(), m_database, mira));
        const QStringList approvers { QStringLiteral("E1001"), QStringLiteral("E1002"), mira };

        // Three must approve a leave asked by E1003; Ben approves.
        const QString all = sent(server,
            polled(withRules(request(QStringLiteral("HR-ALL"), approvers), QStringLiteral("all"),
                QStringLiteral("E1003"))));
        QVERIFY(!all.isEmpty());
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QCOMPARE(decide(server, ben, all, QStringLiteral("approve")).status, 200);

        const HttpResult answer = get(server, QStringLiteral("/v1/notifications/") + all);
        QCOMPARE(answer.status, 200);
        QCOMPARE(misfits(QStringLiteral("GET"), QStringLiteral("/v1/notifications/{id}"), answer),
            QStringList {});
        const QJsonObject one = answer.json();
        QCOMPARE(one.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
        QCOMPARE(one.value(QStringLiteral("requester")).toString(), QStringLiteral("E1003"));
        QCOMPARE(approvalOf(one).value(QStringLiteral("mode")).toString(), QStringLiteral("all"));
        QCOMPARE(statesOf(one),
            (QStringList { QStringLiteral("E1001:pending"), QStringLiteral("E1002:approved"),
                mira + QStringLiteral(":pending") }));
        const QJsonArray approvals = approvalOf(one).value(QStringLiteral("approvals")).toArray();
        const QJsonObject asha = approvals.at(0).toObject();
        const QJsonObject benApproval = approvals.at(1).toObject();
        QCOMPARE(asha.value(QStringLiteral("name")).toString(), QStringLiteral("Asha Rao"));
        QVERIFY(asha.value(QStringLiteral("at")).isNull());
        QVERIFY(asha.value(QStringLiteral("via")).isNull());
        QCOMPARE(
            benApproval.value(QStringLiteral("name")).toString(), QStringLiteral("Ben Okafor"));
        QVERIFY2(benApproval.value(QStringLiteral("at"))
                     .toString()
                     .startsWith(kStart.date().toString(Qt::ISODate) + QStringLiteral("T09:0")),
            qPrintable(benApproval.value(QStringLiteral("at")).toString()));
        QCOMPARE(
            benApproval.value(QStringLiteral("via")).toString(), QStringLiteral("app · Pixel 8"));
        QCOMPARE(approvals.at(2).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Mira Nurse"));
        // The same approvals the event of Ben's approval carries (one builder).
        const QJsonArray feed = events(server);
        QCOMPARE(typesOf(feed), QStringList { QStringLiteral("notification.approval") });
        QCOMPARE(feed.first().toObject().value(QStringLiteral("approvals")).toArray(), approvals);

        // "any" with a requester: the mode, no approvals; without one: requester null.
        const QString any = sent(server,
            polled(withRules(request(QStringLiteral("HR-ANY"), { QStringLiteral("E1001") }),
                QStringLiteral("any"), QStringLiteral("E1002"))));
        const QString plain =
            sent(server, request(QStringLiteral("FYI"), { QStringLiteral("E1001") }, false));
        QVERIFY(!any.isEmpty() && !plain.isEmpty());
        for (const QString &id : { any, plain }) {
            const HttpResult read = get(server, QStringLiteral("/v1/notifications/") + id);
            QCOMPARE(read.status, 200);
            QCOMPARE(misfits(QStringLiteral("GET"), QStringLiteral("/v1/notifications/{id}"), read),
                QStringList {});
            QCOMPARE(approvalOf(read.json()),
                (QJsonObject { { QStringLiteral("mode"), QStringLiteral("any") } }));
        }
        QCOMPARE(get(server, QStringLiteral("/v1/notifications/") + any)
                     .json()
                     .value(QStringLiteral("requester"))
                     .toString(),
            QStringLiteral("E1002"));
        const QJsonObject plainOne =
            get(server, QStringLiteral("/v1/notifications/") + plain).json();
        QVERIFY(plainOne.contains(QStringLiteral("requester")));
        QVERIFY(plainOne.value(QStringLiteral("requester")).isNull());

        // A second "all", rejected by Asha: decided; each list item has its own approvals.
        const QString rejected = sent(server,
            polled(withRules(request(QStringLiteral("HR-NO"),
                                 { QStringLiteral("E1002"), QStringLiteral("E1001") }),
                QStringLiteral("all"), {})));
        QVERIFY(!rejected.isEmpty());
        const QString ashaToken = signIn(server, QStringLiteral("Asha Rao"));
        const HttpResult rejection =
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(rejected)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("reject") },
                    { QStringLiteral("version"), 1 },
                    { QStringLiteral("comment"), QStringLiteral("Not that week") } }),
                bearer(ashaToken, newKey()));
        QCOMPARE(rejection.status, 200);
        for (const int limit : { 100, 2 }) {
            QJsonArray items;
            QString cursor;
            do {
                Query query { { QStringLiteral("limit"), QString::number(limit) } };
                if (!cursor.isEmpty())
                    query.append({ QStringLiteral("cursor"), cursor });
                const HttpResult page = get(server, QStringLiteral("/v1/notifications"), query);
                QCOMPARE(page.status, 200);
                QCOMPARE(misfits(QStringLiteral("GET"), QStringLiteral("/v1/notifications"), page),
                    QStringList {});
                for (const auto &item : page.json().value(QStringLiteral("items")).toArray())
                    items.append(item);
                cursor = page.json().value(QStringLiteral("cursor")).toString();
            } while (!cursor.isEmpty());
            QCOMPARE(items.size(), 4);
            const QJsonObject listedAll = itemWithId(items, all);
            QCOMPARE(
                listedAll.value(QStringLiteral("requester")).toString(), QStringLiteral("E1003"));
            QCOMPARE(approvalOf(listedAll), approvalOf(one));
            const QJsonObject listedRejected = itemWithId(items, rejected);
            QCOMPARE(listedRejected.value(QStringLiteral("state")).toString(),
                QStringLiteral("decided"));
            QCOMPARE(statesOf(listedRejected),
                (QStringList {
                    QStringLiteral("E1002:pending"), QStringLiteral("E1001:rejected") }));
            QVERIFY(listedRejected.value(QStringLiteral("requester")).isNull());
            QCOMPARE(approvalOf(itemWithId(items, any)),
                (QJsonObject { { QStringLiteral("mode"), QStringLiteral("any") } }));
        }
        // The single read agrees with the list.
        QCOMPARE(statesOf(get(server, QStringLiteral("/v1/notifications/") + rejected).json()),
            (QStringList { QStringLiteral("E1002:pending"), QStringLiteral("E1001:rejected") }));
    }
};

QTEST_GUILESS_MAIN(TestNotificationsApprovals)
#include "tst_notifications_approvals.moc"
