// Approval rules against the real server (SQLite and PostgreSQL): a requester is never asked to
// decide their own request, and an "all" approval needs every approver (or one rejection), with
// each approver's state in everyone's inbox and in the webhooks.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "openapidocument.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

QJsonObject request(const QJsonObject &recipients, const QByteArray &callback = {})
{
    QJsonObject body = leaveRequestFor(QStringLiteral("E1001"));
    body.insert(QStringLiteral("recipients"), recipients);
    return callback.isEmpty() ? body : withCallback(body, QString::fromLatin1(callback));
}

QJsonObject toUsers(const QStringList &users)
{
    return QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(users) } };
}

// An "all" approval request to users.
QJsonObject allOf(const QStringList &users, const QByteArray &callback = {})
{
    QJsonObject body = request(toUsers(users), callback);
    body.insert(QStringLiteral("approval"),
        QJsonObject { { QStringLiteral("mode"), QStringLiteral("all") } });
    return body;
}

QJsonObject decision(const QString &action, qint64 version, const QString &comment = {})
{
    QJsonObject body { { QStringLiteral("action"), action },
        { QStringLiteral("version"), version } };
    if (!comment.isEmpty())
        body.insert(QStringLiteral("comment"), comment);
    return body;
}

// The states of an item's approvals, in order: "approved,pending,...".
QString approvalStates(const QJsonObject &item)
{
    QStringList states;
    const QJsonArray approvals = item.value(QStringLiteral("approval"))
                                     .toObject()
                                     .value(QStringLiteral("approvals"))
                                     .toArray();
    for (const auto &approval : approvals)
        states.append(approval.toObject().value(QStringLiteral("state")).toString());
    return states.join(QLatin1Char(','));
}

// The webhook bodies a receiver got, in the order they came.
QList<QJsonObject> hooks(const WebhookReceiver &receiver)
{
    QList<QJsonObject> bodies;
    for (const WebhookReceiver::Delivery &delivery : receiver.deliveries())
        bodies.append(QJsonDocument::fromJson(delivery.body).object());
    return bodies;
}

} // namespace

class TestApprovals : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_keys = 0;

    ServerProcess::Options options(const QString &kind)
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("approvals_%1").arg(++m_databases));
        return options;
    }

    QByteArray newKey() { return "idem-" + QByteArray::number(++m_keys); }

    // Empty when answer fits what server/openapi.json says of method path's status.
    static QStringList offSchema(
        const QString &method, const QString &path, int status, const QJsonObject &answer)
    {
        QString error;
        const auto document = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        const auto schema =
            document ? document->responseSchema(method, path, status, &error) : std::nullopt;
        return schema ? document->validate(answer, *schema) : QStringList { error };
    }

    static QString signIn(const ServerProcess &server, const QString &displayName)
    {
        return signInDemo(server, displayName, testDevice(QStringLiteral("approval-test-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    // Makes the demo's Mira Nurse an employee (the demo has two): a third approver. Answers her
    // user id.
    static QString thirdEmployee(const ServerProcess &server, const QString &database)
    {
        const QString id = demoAccount(server, QStringLiteral("Mira Nurse"))
                               .value(QStringLiteral("userId"))
                               .toString();
        return makeEmployee(server.dataDir(), database, id) ? id : QString();
    }

    static HttpResult notify(
        const ServerProcess &server, const QJsonObject &body, const QByteArray &key)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
            compactJson(body),
            bearer(demoApiKey(server).value(QStringLiteral("key")).toString(), key));
    }

    static HttpResult decide(const ServerProcess &server, const QString &token, const QString &id,
        const QJsonObject &body, const QByteArray &key)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
            compactJson(body), bearer(token, key));
    }

    // The person's inbox items changed after since ("" for all), and the new cursor in *cursor.
    static QJsonArray inbox(const ServerProcess &server, const QString &token,
        const QString &since = {}, QString *cursor = nullptr)
    {
        QUrl url = server.url(QStringLiteral("/v1/inbox"));
        if (!since.isEmpty())
            url.setQuery(QStringLiteral("since=") + since);
        const HttpResult result = httpRequest("GET", url, {}, bearer(token));
        if (cursor)
            *cursor = result.json().value(QStringLiteral("cursor")).toString();
        return result.json().value(QStringLiteral("items")).toArray();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void requesterIsNeverAsked_data() { addDatabaseKinds(); }
    void requesterIsNeverAsked()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));

        // Ben asks for leave; his department is asked, but not Ben.
        QJsonObject body = request(QJsonObject {
            { QStringLiteral("departments"), QJsonArray { QStringLiteral("Operations") } } });
        body.insert(QStringLiteral("requester"), QStringLiteral("E1002"));
        const HttpResult created = notify(server, body, newKey());
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(QStringLiteral("recipientCount")).toInt(), 1);
        const QJsonArray dropped = created.json().value(QStringLiteral("dropped")).toArray();
        QCOMPARE(dropped.size(), 1);
        QCOMPARE(dropped.first().toObject().value(QStringLiteral("id")).toString(),
            QStringLiteral("E1002"));
        QCOMPARE(dropped.first().toObject().value(QStringLiteral("reason")).toString(),
            QStringLiteral("requester"));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QCOMPARE(inbox(server, ben).size(), 0);
        const QJsonArray ashas = inbox(server, asha);
        QCOMPARE(ashas.size(), 1);
        QCOMPARE(ashas.first().toObject().value(QStringLiteral("id")).toString(), id);
        // Ben cannot decide it: it is not in his inbox.
        QCOMPARE(
            decide(server, ben, id, decision(QStringLiteral("approve"), 1), newKey()).status, 404);

        // Named by id among others: dropped too.
        body = request(toUsers({ QStringLiteral("E1001"), QStringLiteral("E1002") }));
        body.insert(QStringLiteral("requester"), QStringLiteral("E1002"));
        const HttpResult named = notify(server, body, newKey());
        QCOMPARE(named.status, 201);
        QCOMPARE(named.json().value(QStringLiteral("recipientCount")).toInt(), 1);
        QCOMPARE(named.json().value(QStringLiteral("dropped")).toArray().size(), 1);
        QCOMPARE(inbox(server, ben).size(), 0);
        // Only the requester: nobody is left to ask.
        body = request(toUsers({ QStringLiteral("E1002") }));
        body.insert(QStringLiteral("requester"), QStringLiteral("E1002"));
        QCOMPARE(errorCode(notify(server, body, newKey())), QStringLiteral("no_recipients"));
        // A requester who is not among the recipients: nothing dropped.
        body = request(toUsers({ QStringLiteral("E1001") }));
        body.insert(QStringLiteral("requester"), QStringLiteral("E1002"));
        const HttpResult other = notify(server, body, newKey());
        QCOMPARE(other.status, 201);
        QCOMPARE(other.json().value(QStringLiteral("dropped")).toArray().size(), 0);
    }

    void allNeedsEveryApprover_data() { addDatabaseKinds(); }
    void allNeedsEveryApprover()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        const ServerProcess::Options start = options(kind);
        QVERIFY2(server.start(start), qPrintable(server.error()));
        const QString miraId = thirdEmployee(server, start.database);
        QVERIFY(!miraId.isEmpty());
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const QString mira = signIn(server, QStringLiteral("Mira Nurse"));
        QVERIFY(!asha.isEmpty() && !ben.isEmpty() && !mira.isEmpty());

        const HttpResult created = notify(server,
            allOf({ QStringLiteral("E1001"), QStringLiteral("E1002"), miraId }, receiver.url()),
            newKey());
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(QStringLiteral("recipientCount")).toInt(), 3);
        QCOMPARE(offSchema(QStringLiteral("POST"), QStringLiteral("/v1/notifications"), 201,
                     created.json()),
            QStringList());
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QString benCursor;
        const QJsonArray benFirst = inbox(server, ben, {}, &benCursor);
        QCOMPARE(benFirst.size(), 1);
        const QJsonObject fresh = benFirst.first().toObject();
        QCOMPARE(fresh.value(QStringLiteral("state")).toString(), QStringLiteral("unread"));
        QCOMPARE(fresh.value(QStringLiteral("approval"))
                     .toObject()
                     .value(QStringLiteral("mode"))
                     .toString(),
            QStringLiteral("all"));
        QCOMPARE(approvalStates(fresh), QStringLiteral("pending,pending,pending"));

        // Asha approves: approved for her, still open for the others.
        const QByteArray ashaKey = newKey();
        const HttpResult first =
            decide(server, asha, id, decision(QStringLiteral("approve"), 1), ashaKey);
        QCOMPARE(first.status, 200);
        QCOMPARE(
            first.json().value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QVERIFY(first.json().value(QStringLiteral("decidedAt")).isNull());
        QCOMPARE(first.json().value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(approvalStates(first.json()), QStringLiteral("approved,pending,pending"));
        QCOMPARE(offSchema(QStringLiteral("POST"), QStringLiteral("/v1/inbox/{id}/decision"), 200,
                     first.json()),
            QStringList());
        const QJsonObject ashaApproval = first.json()
                                             .value(QStringLiteral("approval"))
                                             .toObject()
                                             .value(QStringLiteral("approvals"))
                                             .toArray()
                                             .first()
                                             .toObject();
        QCOMPARE(ashaApproval.value(QStringLiteral("userId")).toString(), QStringLiteral("E1001"));
        QCOMPARE(ashaApproval.value(QStringLiteral("name")).toString(), QStringLiteral("Asha Rao"));
        // The server's clock starts at kStart and runs.
        QVERIFY(ashaApproval.value(QStringLiteral("at"))
                    .toString()
                    .startsWith(QStringLiteral("2026-11-29T09:0")));
        // A retry of the same request is answered the same; another decision is refused.
        const HttpResult replayed =
            decide(server, asha, id, decision(QStringLiteral("approve"), 1), ashaKey);
        QCOMPARE(replayed.status, 200);
        QCOMPARE(replayed.body, first.body);
        const HttpResult twice =
            decide(server, asha, id, decision(QStringLiteral("approve"), 1), newKey());
        QCOMPARE(twice.status, 409);
        QCOMPARE(errorCode(twice), QStringLiteral("already_decided"));
        QCOMPARE(approvalStates(twice.json().value(QStringLiteral("current")).toObject()),
            QStringLiteral("approved,pending,pending"));
        QJsonObject rejectLater = decision(QStringLiteral("reject"), 1, QStringLiteral("No"));
        QCOMPARE(errorCode(decide(server, asha, id, rejectLater, newKey())),
            QStringLiteral("already_decided"));

        // Ben's inbox changed with Asha's approval (a new cursor); he still decides.
        const QJsonArray benDelta = inbox(server, ben, benCursor, &benCursor);
        QCOMPARE(benDelta.size(), 1);
        QCOMPARE(benDelta.first().toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("unread"));
        QCOMPARE(approvalStates(benDelta.first().toObject()),
            QStringLiteral("approved,pending,pending"));
        const HttpResult second =
            decide(server, ben, id, decision(QStringLiteral("approve"), 1), newKey());
        QCOMPARE(second.status, 200);
        QCOMPARE(approvalStates(second.json()), QStringLiteral("approved,approved,pending"));
        QVERIFY(second.json().value(QStringLiteral("decidedAt")).isNull());

        // A webhook for each approval, the item still open.
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 2, 30000);
        for (const QJsonObject &hook : hooks(receiver)) {
            QCOMPARE(hook.value(QStringLiteral("type")).toString(),
                QStringLiteral("notification.approval"));
            QCOMPARE(hook.value(QStringLiteral("notificationId")).toString(), id);
            QCOMPARE(hook.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        }
        QStringList approvers;
        for (const QJsonObject &hook : hooks(receiver))
            approvers.append(hook.value(QStringLiteral("decidedBy")).toString());
        approvers.sort();
        QCOMPARE(approvers, QStringList({ QStringLiteral("E1001"), QStringLiteral("E1002") }));

        // Mira, the last: decided, for everyone.
        const HttpResult last =
            decide(server, mira, id, decision(QStringLiteral("approve"), 1), newKey());
        QCOMPARE(last.status, 200);
        QCOMPARE(last.json().value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(last.json().value(QStringLiteral("decidedBy")).toString(), miraId);
        QCOMPARE(last.json().value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(approvalStates(last.json()), QStringLiteral("approved,approved,approved"));
        const QJsonArray benLast = inbox(server, ben, benCursor);
        QCOMPARE(benLast.size(), 1);
        QCOMPARE(benLast.first().toObject().value(QStringLiteral("decidedBy")).toString(), miraId);
        QCOMPARE(
            errorCode(decide(server, ben, id, decision(QStringLiteral("approve"), 2), newKey())),
            QStringLiteral("already_decided"));
        // The history names each approval and the decision.
        const HttpResult one =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox/%1").arg(id)), {}, bearer(ben));
        QCOMPARE(one.status, 200);
        QCOMPARE(
            offSchema(QStringLiteral("GET"), QStringLiteral("/v1/inbox/{id}"), 200, one.json()),
            QStringList());
        QStringList events;
        for (const auto &event : one.json().value(QStringLiteral("history")).toArray())
            events.append(event.toObject().value(QStringLiteral("event")).toString()
                + QLatin1Char(':') + event.toObject().value(QStringLiteral("by")).toString());
        QVERIFY2(events.contains(QStringLiteral("approved:E1001"))
                && events.contains(QStringLiteral("approved:E1002"))
                && events.contains(QStringLiteral("decided:") + miraId),
            qPrintable(events.join(QLatin1Char(' '))));

        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 3, 30000);
        QJsonObject decided;
        for (const QJsonObject &hook : hooks(receiver)) {
            if (hook.value(QStringLiteral("type")).toString()
                == QStringLiteral("notification.decided"))
                decided = hook;
        }
        QCOMPARE(decided.value(QStringLiteral("decidedBy")).toString(), miraId);
        QCOMPARE(decided.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        const QJsonArray approvals = decided.value(QStringLiteral("approvals")).toArray();
        QCOMPARE(approvals.size(), 3);
        for (const auto &approval : approvals) {
            QCOMPARE(approval.toObject().value(QStringLiteral("state")).toString(),
                QStringLiteral("approved"));
            QCOMPARE(approval.toObject().value(QStringLiteral("via")).toString(),
                QStringLiteral("app · Pixel 8"));
        }
        QTest::qWait(2500); // a further poll of the dispatcher: still three
        QCOMPARE(receiver.deliveries().size(), 3);
    }

    void oneRejectionDecides_data() { addDatabaseKinds(); }
    void oneRejectionDecides()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const HttpResult created = notify(server,
            allOf({ QStringLiteral("E1001"), QStringLiteral("E1002") }, receiver.url()), newKey());
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();

        const HttpResult rejected = decide(server, ben, id,
            decision(QStringLiteral("reject"), 1, QStringLiteral("Team is short that week")),
            newKey());
        QCOMPARE(rejected.status, 200);
        QCOMPARE(
            rejected.json().value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
        QCOMPARE(approvalStates(rejected.json()), QStringLiteral("pending,rejected"));
        const QJsonArray ashas = inbox(server, asha);
        QCOMPARE(ashas.size(), 1);
        QCOMPARE(ashas.first().toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("rejected"));
        QCOMPARE(ashas.first().toObject().value(QStringLiteral("decidedBy")).toString(),
            QStringLiteral("E1002"));
        const HttpResult late =
            decide(server, asha, id, decision(QStringLiteral("approve"), 1), newKey());
        QCOMPARE(late.status, 409);
        QCOMPARE(errorCode(late), QStringLiteral("already_decided"));

        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        const QJsonObject hook = hooks(receiver).first();
        QCOMPARE(
            hook.value(QStringLiteral("type")).toString(), QStringLiteral("notification.decided"));
        QCOMPARE(hook.value(QStringLiteral("action")).toString(), QStringLiteral("reject"));
        QCOMPARE(hook.value(QStringLiteral("comment")).toString(),
            QStringLiteral("Team is short that week"));
        QCOMPARE(hook.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
        const QJsonArray approvals = hook.value(QStringLiteral("approvals")).toArray();
        QCOMPARE(approvals.size(), 2);
        QCOMPARE(approvals.at(0).toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("pending"));
        QVERIFY(approvals.at(0).toObject().value(QStringLiteral("at")).isNull());
        QCOMPARE(approvals.at(1).toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("rejected"));
    }

    void allRefusesWhatItCannotFollow_data() { addDatabaseKinds(); }
    void allRefusesWhatItCannotFollow()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        const auto refusal = [&](const QJsonObject &body) {
            const HttpResult result = notify(server, body, newKey());
            return QStringLiteral("%1 %2").arg(result.status).arg(errorCode(result));
        };
        const QString invalid = QStringLiteral("422 approval_invalid");

        QJsonObject department = allOf({ QStringLiteral("E1001") });
        department.insert(QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { QStringLiteral("E1001") } },
                { QStringLiteral("departments"), QJsonArray { QStringLiteral("Operations") } } });
        QCOMPARE(refusal(department), invalid);
        QJsonObject role = allOf({});
        role.insert(QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("roles"), QJsonArray { QStringLiteral("manager") } } });
        QCOMPARE(refusal(role), invalid);
        QStringList many;
        for (int i = 0; i < 21; ++i)
            many.append(QStringLiteral("E%1").arg(2000 + i));
        QCOMPARE(refusal(allOf(many)), invalid);
        QJsonObject otherActions = allOf({ QStringLiteral("E1001") });
        otherActions.insert(QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("ok") },
                { QStringLiteral("label"), QStringLiteral("OK") } } });
        QCOMPARE(refusal(otherActions), invalid);
        QJsonObject badMode = allOf({ QStringLiteral("E1001") });
        badMode.insert(QStringLiteral("approval"),
            QJsonObject { { QStringLiteral("mode"), QStringLiteral("most") } });
        QCOMPARE(refusal(badMode), QStringLiteral("400 invalid_request"));
        badMode.insert(QStringLiteral("approval"), QStringLiteral("all"));
        QCOMPARE(refusal(badMode), QStringLiteral("400 invalid_request"));
        badMode.insert(QStringLiteral("approval"),
            QJsonObject { { QStringLiteral("mode"), QStringLiteral("all") },
                { QStringLiteral("quorum"), 2 } });
        QCOMPARE(refusal(badMode), QStringLiteral("400 invalid_request"));
        // Nothing of these reached an inbox; "any" (the default, or named) works as before.
        QCOMPARE(inbox(server, asha).size(), 0);
        QJsonObject any = request(toUsers({ QStringLiteral("E1001") }));
        any.insert(QStringLiteral("approval"),
            QJsonObject { { QStringLiteral("mode"), QStringLiteral("any") } });
        QCOMPARE(notify(server, any, newKey()).status, 201);
        const QJsonArray items = inbox(server, asha);
        QCOMPARE(items.size(), 1);
        QVERIFY(!items.first().toObject().contains(QStringLiteral("approval")));
    }
};

QTEST_GUILESS_MAIN(TestApprovals)
#include "tst_approvals.moc"
