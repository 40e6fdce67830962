// Cards in inbox items against the real server (SQLite and PostgreSQL): a notification
// may carry an Adaptive Card as its body; a bad card (or one whose submit actions do not match the
// notification's actions) is refused with 422 and the JSON path of the problem, and nothing is
// stored. A decision's inputs are checked against the card's submit action: invalid inputs get 422
// invalid_inputs naming each input and decide nothing; valid ones are stored with the decision and
// reach the signed webhook as "inputs", exactly once under one Idempotency-Key.
#include "notificationsfixture.h"
#include "openapidocument.h"
#include "serversql.h"

using namespace tessera::test;

namespace {

QJsonObject element(const QString &type, const QString &id, QJsonObject more = {})
{
    more.insert(QStringLiteral("type"), type);
    if (!id.isEmpty())
        more.insert(QStringLiteral("id"), id);
    return more;
}

QJsonObject submit(const QString &id, const QString &title, bool sendsInputs = true)
{
    QJsonObject action { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
        { QStringLiteral("id"), id }, { QStringLiteral("title"), title } };
    if (!sendsInputs)
        action.insert(QStringLiteral("associatedInputs"), QStringLiteral("none"));
    return action;
}

QJsonObject choice(const QString &value)
{
    return QJsonObject { { QStringLiteral("title"), value }, { QStringLiteral("value"), value } };
}

// An overtime approval: hours (1 to 12, required) and a reason (a choice, required); "approve"
// sends them, "reject" sends nothing.
QJsonObject overtimeCard(const QJsonArray &actions)
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray {
                element(QStringLiteral("TextBlock"), {},
                    { { QStringLiteral("text"), QStringLiteral("Overtime for the release") } }),
                element(QStringLiteral("Input.Number"), QStringLiteral("hours"),
                    { { QStringLiteral("label"), QStringLiteral("Hours") },
                        { QStringLiteral("min"), 1 }, { QStringLiteral("max"), 12 },
                        { QStringLiteral("isRequired"), true } }),
                element(QStringLiteral("Input.ChoiceSet"), QStringLiteral("reason"),
                    { { QStringLiteral("label"), QStringLiteral("Reason") },
                        { QStringLiteral("isRequired"), true },
                        { QStringLiteral("choices"),
                            QJsonArray { choice(QStringLiteral("deadline")),
                                choice(QStringLiteral("incident")) } } }),
            } },
        { QStringLiteral("actions"), actions },
    };
}

QJsonObject goodCard()
{
    return overtimeCard({ submit(QStringLiteral("approve"), QStringLiteral("Approve")),
        submit(QStringLiteral("reject"), QStringLiteral("Reject"), false) });
}

QJsonObject withCard(QJsonObject notification, const QJsonValue &card)
{
    notification.insert(QStringLiteral("card"), card);
    return notification;
}

QJsonObject decision(const QString &action, const QJsonObject &inputs)
{
    return QJsonObject { { QStringLiteral("action"), action }, { QStringLiteral("version"), 1 },
        { QStringLiteral("inputs"), inputs } };
}

QStringList inputsNamed(const HttpResult &result)
{
    QStringList names;
    const QJsonArray errors = result.json().value(QStringLiteral("errors")).toArray();
    for (const auto &error : errors)
        names.append(error.toObject().value(QStringLiteral("input")).toString());
    return names;
}

} // namespace

class TestNotificationCards : public QObject, protected NotificationsFixture
{
    Q_OBJECT

    std::optional<OpenApiDocument> m_document;

    QStringList misfits(const QString &method, const QString &path, const HttpResult &result) const
    {
        QString error;
        const auto schema = m_document->responseSchema(method, path, result.status, &error);
        if (!schema)
            return { error };
        return m_document->validate(QJsonDocument::fromJson(result.body).object(), *schema);
    }

    static qlonglong count(
        const ServerProcess &server, const QString &database, const QString &statement)
    {
        const ServerSqlResult result = runServerSql(server.dataDir(), database, statement);
        return result.ok ? result.value.toLongLong() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_document = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(m_document, qPrintable(error));
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void badCardsAreRefusedWithTheirPath_data() { addKinds(); }
    void badCardsAreRefusedWithTheirPath()
    {
        QFETCH(QString, kind);
        const ServerProcess::Options serverOptions = options(kind);
        ServerProcess server;
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QJsonObject request =
            leaveRequest(toUsers({ QStringLiteral("E1002") }), receiver.url());
        QJsonObject notActionable = request;
        notActionable.remove(QStringLiteral("actions"));
        notActionable.insert(QStringLiteral("actionable"), false);
        QJsonObject tracked = goodCard();
        QJsonArray body = tracked.value(QStringLiteral("body")).toArray();
        body.append(element(QStringLiteral("Image"), {},
            { { QStringLiteral("url"), QStringLiteral("https://tracker.example.com/p.png") } }));
        tracked.insert(QStringLiteral("body"), body);
        QJsonObject huge = goodCard();
        huge.insert(
            QStringLiteral("fallbackText"), QString(qsizetype(70) * 1024, QLatin1Char('x')));

        struct Row
        {
            const char *name;
            QJsonObject body;
            const char *path;
        };
        const QList<Row> rows {
            { "not an object", withCard(request, QStringLiteral("card")), "$.card" },
            { "not a card",
                withCard(request, QJsonObject { { QStringLiteral("type"), QStringLiteral("x") } }),
                "$.card.type" },
            { "host not allowed", withCard(request, tracked), "$.card.body[3].url" },
            { "over 64 KiB", withCard(request, huge), "$.card" },
            { "an action without a submit action",
                withCard(request,
                    overtimeCard({ submit(QStringLiteral("approve"), QStringLiteral("Approve")) })),
                "$.actions[1]" },
            { "a submit action that is no action",
                withCard(request,
                    overtimeCard({ submit(QStringLiteral("approve"), QStringLiteral("Approve")),
                        submit(QStringLiteral("reject"), QStringLiteral("Reject")),
                        submit(QStringLiteral("escalate"), QStringLiteral("Escalate")) })),
                "$.card" },
            { "a submit action without a decision", withCard(notActionable, goodCard()), "$.card" },
        };
        for (const Row &row : rows) {
            const HttpResult refused = notify(server, row.body, newKey());
            QVERIFY2(refused.status == 422, row.name);
            QCOMPARE(errorCode(refused), QStringLiteral("invalid_card"));
            QCOMPARE(refused.json().value(QStringLiteral("path")).toString(),
                QString::fromLatin1(row.path));
            QVERIFY2(misfits(QStringLiteral("POST"), QStringLiteral("/v1/notifications"), refused)
                         .isEmpty(),
                qPrintable(
                    misfits(QStringLiteral("POST"), QStringLiteral("/v1/notifications"), refused)
                        .join(u'\n')));
        }
        // Nothing stored: no notification, no inbox row.
        QCOMPARE(count(server, serverOptions.database,
                     QStringLiteral("SELECT COUNT(*) FROM notifications")),
            0);
        QCOMPARE(count(server, serverOptions.database,
                     QStringLiteral("SELECT COUNT(*) FROM inbox_items")),
            0);
        // The good card is taken and stored as sent.
        const HttpResult created = notify(server, withCard(request, goodCard()), newKey());
        QCOMPARE(created.status, 201);
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const HttpResult item = httpRequest("GET",
            server.url(QStringLiteral("/v1/inbox/%1")
                           .arg(created.json().value(QStringLiteral("id")).toString())),
            {}, auth(ben));
        QCOMPARE(item.status, 200);
        QCOMPARE(item.json().value(QStringLiteral("card")).toObject(), goodCard());
    }

    void inputsAreCheckedAndReachTheWebhookOnce_data() { addKinds(); }
    void inputsAreCheckedAndReachTheWebhookOnce()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const ServerProcess::Options serverOptions = options(kind);
        ServerProcess server;
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject demoKey = apiKey(server);
        const QByteArray secret =
            demoKey.value(QStringLiteral("webhookSecret")).toString().toUtf8();
        const HttpResult created = notify(server,
            withCard(
                leaveRequest(toUsers({ QStringLiteral("E1002") }), receiver.url()), goodCard()),
            newKey());
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));

        // The card reaches the inbox (the delta) with the item.
        const HttpResult page = inbox(server, ben);
        QCOMPARE(page.status, 200);
        QVERIFY2(misfits(QStringLiteral("GET"), QStringLiteral("/v1/inbox"), page).isEmpty(),
            qPrintable(
                misfits(QStringLiteral("GET"), QStringLiteral("/v1/inbox"), page).join(u'\n')));
        const QJsonObject listed =
            page.json().value(QStringLiteral("items")).toArray().first().toObject();
        QCOMPARE(listed.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(listed.value(QStringLiteral("card")).toObject(), goodCard());

        // Invalid inputs: 422 naming each input; nothing decided, nothing queued.
        const QString path = QStringLiteral("/v1/inbox/{id}/decision");
        struct Bad
        {
            QJsonObject inputs;
            QStringList named;
        };
        const QList<Bad> bad {
            { { { QStringLiteral("hours"), QStringLiteral("40") },
                  { QStringLiteral("reason"), QStringLiteral("deadline") } },
                { QStringLiteral("hours") } },
            { { { QStringLiteral("hours"), QStringLiteral("3") },
                  { QStringLiteral("reason"), QStringLiteral("holiday") } },
                { QStringLiteral("reason") } },
            { { { QStringLiteral("hours"), QStringLiteral("3") } }, { QStringLiteral("reason") } },
            { { { QStringLiteral("hours"), QStringLiteral("3") },
                  { QStringLiteral("reason"), QStringLiteral("deadline") },
                  { QStringLiteral("bonus"), QStringLiteral("yes") } },
                { QStringLiteral("bonus") } },
            { {}, { QStringLiteral("hours"), QStringLiteral("reason") } },
        };
        for (const Bad &each : bad) {
            const HttpResult refused =
                decide(server, ben, id, decision(QStringLiteral("approve"), each.inputs), newKey());
            QCOMPARE(refused.status, 422);
            QCOMPARE(errorCode(refused), QStringLiteral("invalid_inputs"));
            QCOMPARE(inputsNamed(refused), each.named);
            QVERIFY2(misfits(QStringLiteral("POST"), path, refused).isEmpty(),
                qPrintable(misfits(QStringLiteral("POST"), path, refused).join(u'\n')));
        }
        // Reject (with its required comment) sends no inputs: any value is unknown.
        QJsonObject rejecting = decision(
            QStringLiteral("reject"), { { QStringLiteral("hours"), QStringLiteral("3") } });
        rejecting.insert(QStringLiteral("comment"), QStringLiteral("No budget left"));
        const HttpResult rejectWithInputs = decide(server, ben, id, rejecting, newKey());
        QCOMPARE(errorCode(rejectWithInputs), QStringLiteral("invalid_inputs"));
        QCOMPARE(inputsNamed(rejectWithInputs), QStringList { QStringLiteral("hours") });
        const HttpResult still =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox/%1").arg(id)), {}, auth(ben));
        QCOMPARE(still.json().value(QStringLiteral("state")).toString(), QStringLiteral("unread"));
        QVERIFY(still.json().value(QStringLiteral("decidedAt")).isNull());
        QCOMPARE(count(server, serverOptions.database,
                     QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")),
            0);

        // Valid inputs, sent twice under one key: decided once, the same answer twice.
        const QJsonObject inputs { { QStringLiteral("hours"), QStringLiteral("3") },
            { QStringLiteral("reason"), QStringLiteral("deadline") } };
        const HttpResult decided =
            decide(server, ben, id, decision(QStringLiteral("approve"), inputs), "cards-once");
        QCOMPARE(decided.status, 200);
        QCOMPARE(
            decided.json().value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QVERIFY2(misfits(QStringLiteral("POST"), path, decided).isEmpty(),
            qPrintable(misfits(QStringLiteral("POST"), path, decided).join(u'\n')));
        const HttpResult again =
            decide(server, ben, id, decision(QStringLiteral("approve"), inputs), "cards-once");
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json(), decided.json());
        // Another key is another decision: too late.
        QCOMPARE(
            decide(server, ben, id, decision(QStringLiteral("approve"), inputs), newKey()).status,
            409);

        // The signed webhook carries the inputs, once.
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        const WebhookReceiver::Delivery delivery = receiver.deliveries().first();
        QVERIFY(WebhookReceiver::hasValidSignature(delivery, secret));
        const QJsonObject event = QJsonDocument::fromJson(delivery.body).object();
        const QJsonObject schema { { QStringLiteral("$ref"),
            QStringLiteral("#/components/schemas/SubsystemEvent") } };
        QVERIFY2(m_document->validate(event, schema).isEmpty(),
            qPrintable(m_document->validate(event, schema).join(u'\n')));
        QCOMPARE(
            event.value(QStringLiteral("type")).toString(), QStringLiteral("notification.decided"));
        QCOMPARE(event.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(event.value(QStringLiteral("inputs")).toObject(), inputs);
        QCOMPARE(count(server, serverOptions.database,
                     QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")),
            1);
        QTest::qWait(1000);
        QCOMPARE(receiver.deliveries().size(), 1);

        // Stored with the decision: the sub-system reads them back.
        const HttpResult sent =
            httpRequest("GET", server.url(QStringLiteral("/v1/notifications/%1").arg(id)), {},
                auth(demoKey.value(QStringLiteral("key")).toString()));
        QCOMPARE(sent.status, 200);
        QCOMPARE(sent.json()
                     .value(QStringLiteral("decision"))
                     .toObject()
                     .value(QStringLiteral("inputs"))
                     .toObject(),
            inputs);
    }

    void itemsWithoutACardTakeNoInputs_data() { addKinds(); }
    void itemsWithoutACardTakeNoInputs()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const HttpResult created =
            notify(server, leaveRequest(toUsers({ QStringLiteral("E1002") })), newKey());
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const HttpResult item =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox/%1").arg(id)), {}, auth(ben));
        QVERIFY(item.json().value(QStringLiteral("card")).isNull());
        const HttpResult refused = decide(server, ben, id,
            decision(
                QStringLiteral("approve"), { { QStringLiteral("days"), QStringLiteral("3") } }),
            newKey());
        QCOMPARE(errorCode(refused), QStringLiteral("invalid_inputs"));
        QCOMPARE(inputsNamed(refused), QStringList { QStringLiteral("days") });
        QCOMPARE(
            decide(server, ben, id, decision(QStringLiteral("approve"), {}), newKey()).status, 200);
    }

    // The decider's inputs are part of the decision every recipient sees: Asha, who did not
    // decide, finds them on her item (the delta and the single read) as decidedInputs; before
    // the decision, and for a decision without inputs, there are none.
    void decidedInputsReachEveryRecipient_data() { addKinds(); }
    void decidedInputsReachEveryRecipient()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const QJsonObject recipients =
            toUsers({ QStringLiteral("E1001"), QStringLiteral("E1002") });
        const HttpResult created =
            notify(server, withCard(leaveRequest(recipients), goodCard()), newKey());
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(QStringLiteral("recipientCount")).toInt(), 2);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        const QString itemPath = QStringLiteral("/v1/inbox/%1").arg(id);
        const auto single = [&](const QString &token) {
            return httpRequest("GET", server.url(itemPath), {}, auth(token));
        };
        QVERIFY(!single(asha).json().contains(QStringLiteral("decidedInputs")));
        const QString cursor =
            inbox(server, asha).json().value(QStringLiteral("cursor")).toString();

        const QJsonObject inputs { { QStringLiteral("hours"), QStringLiteral("4") },
            { QStringLiteral("reason"), QStringLiteral("incident") } };
        QCOMPARE(
            decide(server, ben, id, decision(QStringLiteral("approve"), inputs), newKey()).status,
            200);

        // Asha's delta carries the decided item with Ben's inputs.
        const HttpResult delta = inbox(server, asha, cursor);
        QCOMPARE(delta.status, 200);
        QVERIFY2(misfits(QStringLiteral("GET"), QStringLiteral("/v1/inbox"), delta).isEmpty(),
            qPrintable(
                misfits(QStringLiteral("GET"), QStringLiteral("/v1/inbox"), delta).join(u'\n')));
        const QJsonArray changed = delta.json().value(QStringLiteral("items")).toArray();
        QCOMPARE(changed.size(), 1);
        const QJsonObject seen = changed.first().toObject();
        QCOMPARE(seen.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(seen.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
        QCOMPARE(seen.value(QStringLiteral("decidedInputs")).toObject(), inputs);
        // The single read, for her and for Ben.
        for (const QString &token : { asha, ben }) {
            const HttpResult read = single(token);
            QCOMPARE(read.status, 200);
            QVERIFY2(
                misfits(QStringLiteral("GET"), QStringLiteral("/v1/inbox/{id}"), read).isEmpty(),
                qPrintable(misfits(QStringLiteral("GET"), QStringLiteral("/v1/inbox/{id}"), read)
                               .join(u'\n')));
            QCOMPARE(read.json().value(QStringLiteral("decidedInputs")).toObject(), inputs);
        }

        // A decision that sends no inputs (reject: associatedInputs none) leaves none.
        const HttpResult other =
            notify(server, withCard(leaveRequest(recipients), goodCard()), newKey());
        QCOMPARE(other.status, 201);
        const QString otherId = other.json().value(QStringLiteral("id")).toString();
        QJsonObject rejecting = decision(QStringLiteral("reject"), {});
        rejecting.insert(QStringLiteral("comment"), QStringLiteral("No budget left"));
        QCOMPARE(decide(server, ben, otherId, rejecting, newKey()).status, 200);
        const HttpResult rejected = httpRequest(
            "GET", server.url(QStringLiteral("/v1/inbox/%1").arg(otherId)), {}, auth(asha));
        QCOMPARE(
            rejected.json().value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
        QVERIFY(!rejected.json().contains(QStringLiteral("decidedInputs")));
    }

    // An "all" approval: each approver's own inputs are stored with their approval, and an
    // approver who approved sees their own values while the others are asked; once the last
    // approval decides it, everyone sees the deciding approver's.
    void allApproversKeepTheirOwnInputs_data() { addKinds(); }
    void allApproversKeepTheirOwnInputs()
    {
        QFETCH(QString, kind);
        const ServerProcess::Options serverOptions = options(kind);
        ServerProcess server;
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QJsonObject request =
            withCard(leaveRequest(toUsers({ QStringLiteral("E1001"), QStringLiteral("E1002") })),
                goodCard());
        request.insert(QStringLiteral("approval"),
            QJsonObject { { QStringLiteral("mode"), QStringLiteral("all") } });
        const HttpResult created = notify(server, request, newKey());
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        const auto item = [&](const QString &token) {
            return httpRequest(
                "GET", server.url(QStringLiteral("/v1/inbox/%1").arg(id)), {}, auth(token))
                .json();
        };

        const QJsonObject ashas { { QStringLiteral("hours"), QStringLiteral("2") },
            { QStringLiteral("reason"), QStringLiteral("deadline") } };
        QCOMPARE(
            decide(server, asha, id, decision(QStringLiteral("approve"), ashas), newKey()).status,
            200);
        QCOMPARE(item(asha).value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(item(asha).value(QStringLiteral("decidedInputs")).toObject(), ashas);
        QCOMPARE(item(ben).value(QStringLiteral("state")).toString(), QStringLiteral("unread"));
        QVERIFY(!item(ben).contains(QStringLiteral("decidedInputs")));
        QCOMPARE(count(server, serverOptions.database,
                     QStringLiteral("SELECT COUNT(*) FROM notification_approvals WHERE"
                                    " user_id = 'E1001' AND inputs IS NOT NULL")),
            1);

        const QJsonObject bens { { QStringLiteral("hours"), QStringLiteral("5") },
            { QStringLiteral("reason"), QStringLiteral("incident") } };
        QCOMPARE(
            decide(server, ben, id, decision(QStringLiteral("approve"), bens), newKey()).status,
            200);
        for (const QString &token : { asha, ben }) {
            const QJsonObject decided = item(token);
            QCOMPARE(decided.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
            QCOMPARE(decided.value(QStringLiteral("decidedInputs")).toObject(), bens);
        }
        QCOMPARE(count(server, serverOptions.database,
                     QStringLiteral("SELECT COUNT(*) FROM notification_approvals WHERE"
                                    " inputs IS NOT NULL")),
            2);
    }
};

QTEST_GUILESS_MAIN(TestNotificationCards)
#include "tst_notification_cards.moc"
