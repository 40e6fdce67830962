// tessera-cli decide on an inbox item with a card, end to end against the real server
// over TLS, with the tokens in the real Secret Service (scripts/with-keyring.sh): the CLI's cache
// keeps the card; `decide ID approve --set INPUT=VALUE...` checks the values against the card's
// submit action as the app does (exit 1 naming each wrong input, nothing sent), then sends them
// with the decision through the outbox: applied once, and the signed webhook carries them.
#include "cliinboxfixture.h"

using namespace tessera::test;

namespace {

// An overtime approval: hours (1 to 12, required) and a reason (a choice, required); approve
// sends them, reject sends nothing.
QJsonObject overtimeCard()
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray {
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.Number") },
                    { QStringLiteral("id"), QStringLiteral("hours") },
                    { QStringLiteral("label"), QStringLiteral("Hours") },
                    { QStringLiteral("min"), 1 }, { QStringLiteral("max"), 12 },
                    { QStringLiteral("isRequired"), true } },
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.ChoiceSet") },
                    { QStringLiteral("id"), QStringLiteral("reason") },
                    { QStringLiteral("label"), QStringLiteral("Reason") },
                    { QStringLiteral("isRequired"), true },
                    { QStringLiteral("choices"),
                        QJsonArray {
                            QJsonObject { { QStringLiteral("title"), QStringLiteral("Deadline") },
                                { QStringLiteral("value"), QStringLiteral("deadline") } },
                            QJsonObject { { QStringLiteral("title"), QStringLiteral("Incident") },
                                { QStringLiteral("value"), QStringLiteral("incident") } } } } },
            } },
        { QStringLiteral("actions"),
            QJsonArray {
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                    { QStringLiteral("id"), QStringLiteral("approve") },
                    { QStringLiteral("title"), QStringLiteral("Approve") } },
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                    { QStringLiteral("id"), QStringLiteral("reject") },
                    { QStringLiteral("title"), QStringLiteral("Reject") },
                    { QStringLiteral("associatedInputs"), QStringLiteral("none") } },
            } },
    };
}

QStringList inputsNamed(const QJsonObject &answer)
{
    QStringList names;
    const QJsonArray errors =
        answer.value(QStringLiteral("error")).toObject().value(QStringLiteral("errors")).toArray();
    for (const auto &error : errors)
        names.append(error.toObject().value(QStringLiteral("input")).toString());
    return names;
}

} // namespace

class TestCliInboxCards : public QObject, protected CliInboxFixture
{
    Q_OBJECT

    // Sends the overtime approval with its card to recipients (Ben alone by default); its id.
    QString notifyWithCard(const QJsonArray &recipients = { QStringLiteral("E1002") },
        const QString &reference = QStringLiteral("OT-1"),
        const QByteArray &idempotencyKey = QByteArrayLiteral("cli-card-1"))
    {
        const QJsonObject body {
            { QStringLiteral("recipients"),
                QJsonObject { { QStringLiteral("users"), recipients } } },
            { QStringLiteral("title"), QString(QStringLiteral("Overtime: ") + reference) },
            { QStringLiteral("body"), QStringLiteral("Approve overtime with hours and reason.") },
            { QStringLiteral("category"), QStringLiteral("overtime") },
            { QStringLiteral("reference"), reference },
            { QStringLiteral("actionable"), true },
            { QStringLiteral("actions"),
                QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                                 { QStringLiteral("label"), QStringLiteral("Approve") } },
                    QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
                        { QStringLiteral("label"), QStringLiteral("Reject") } } } },
            { QStringLiteral("callbackUrl"), QString::fromLatin1(m_receiver.url()) },
            { QStringLiteral("card"), overtimeCard() },
        };
        const HttpResult created =
            httpRequest("POST", m_server->url(QStringLiteral("/v1/notifications")),
                compactJson(body), bearer(m_apiKey, idempotencyKey));
        if (created.status != 201)
            qWarning("notify: %s", created.body.constData());
        return created.json().value(QStringLiteral("id")).toString();
    }

private Q_SLOTS:
    void initTestCase() { startServerAndSignInBen(); }

    void decideSendsTheCardsInputsOnce()
    {
        const QString id = notifyWithCard();
        QVERIFY(!id.isEmpty());
        // The CLI's inbox has the item (and, in its cache, the card).
        const RunResult listed = cli({ QStringLiteral("inbox") });
        QVERIFY2(listed.exitCode == 0, listed.output.constData());
        bool found = false;
        for (const QJsonObject &item : items(listed.output))
            found = found || item.value(QStringLiteral("id")).toString() == id;
        QVERIFY(found);

        // Wrong values: each input named, exit 1, nothing queued or sent.
        const RunResult wrong = cli({ QStringLiteral("decide"), id, QStringLiteral("approve"),
            QStringLiteral("--set"), QStringLiteral("hours=40"), QStringLiteral("--set"),
            QStringLiteral("reason=holiday") });
        QCOMPARE(wrong.exitCode, 1);
        const QJsonObject refused = lastJson(wrong.output);
        QCOMPARE(refused.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("invalid_inputs"));
        QCOMPARE(inputsNamed(refused),
            (QStringList { QStringLiteral("hours"), QStringLiteral("reason") }));
        const RunResult unknown = cli({ QStringLiteral("decide"), id, QStringLiteral("approve"),
            QStringLiteral("--set"), QStringLiteral("hours=3"), QStringLiteral("--set"),
            QStringLiteral("reason=deadline"), QStringLiteral("--set"),
            QStringLiteral("bonus=yes") });
        QCOMPARE(unknown.exitCode, 1);
        QCOMPARE(inputsNamed(lastJson(unknown.output)), QStringList { QStringLiteral("bonus") });
        // A --set without an input id is a usage error.
        QCOMPARE(cli({ QStringLiteral("decide"), id, QStringLiteral("approve"),
                         QStringLiteral("--set"), QStringLiteral("=3") })
                     .exitCode,
            2);
        QCOMPARE(deliveriesFor(id), 0);

        // Good values: confirmed, and the webhook carries them, once.
        const RunResult approved = cli({ QStringLiteral("decide"), id, QStringLiteral("approve"),
            QStringLiteral("--set"), QStringLiteral("hours=3"), QStringLiteral("--set"),
            QStringLiteral("reason=deadline") });
        QVERIFY2(approved.exitCode == 0, approved.output.constData());
        QCOMPARE(lastJson(approved.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("confirmed"));
        // The decided item, as the cache keeps it: with its card.
        QCOMPARE(lastJson(approved.output)
                     .value(QStringLiteral("item"))
                     .toObject()
                     .value(QStringLiteral("card"))
                     .toObject(),
            overtimeCard());
        QTRY_COMPARE_WITH_TIMEOUT(deliveriesFor(id), 1, 30000);
        QCOMPARE(eventsFor(id).constFirst().value(QStringLiteral("inputs")).toObject(),
            (QJsonObject { { QStringLiteral("hours"), QStringLiteral("3") },
                { QStringLiteral("reason"), QStringLiteral("deadline") } }));
        QTest::qWait(1000);
        QCOMPARE(deliveriesFor(id), 1);
    }

    void cleanupTestCase() { signOutBen(); }

    // Without --set, decide on a card action that sends inputs names each required input and
    // how to give them (exit 1, nothing sent). Asha decides it on her own device; Ben's CLI gets
    // her values through sync: `inbox --json` carries decidedInputs, the human lines show them.
    void decidedInputsArriveAndMissingOnesAreNamed()
    {
        const QString id = notifyWithCard({ QStringLiteral("E1001"), QStringLiteral("E1002") },
            QStringLiteral("OT-2"), QByteArrayLiteral("cli-card-decided"));
        QVERIFY(!id.isEmpty());

        const RunResult bare = cli({ QStringLiteral("decide"), id, QStringLiteral("approve") });
        QCOMPARE(bare.exitCode, 1);
        const QJsonObject needed = lastJson(bare.output);
        QCOMPARE(inputsNamed(needed),
            (QStringList { QStringLiteral("hours"), QStringLiteral("reason") }));
        const QString message = needed.value(QStringLiteral("error"))
                                    .toObject()
                                    .value(QStringLiteral("message"))
                                    .toString();
        QVERIFY2(message.contains(QStringLiteral("these need a value: hours, reason"))
                && message.contains(QStringLiteral("--set hours=VALUE --set reason=VALUE")),
            qPrintable(message));
        const RunResult bareText =
            cli({ QStringLiteral("decide"), id, QStringLiteral("approve") }, {}, false);
        QCOMPARE(bareText.exitCode, 1);
        QVERIFY2(bareText.output.contains("these need a value: hours, reason"),
            bareText.output.constData());
        QCOMPARE(deliveriesFor(id), 0);

        // Asha decides on her phone with her values.
        const QString asha = signInDemo(
            *m_server, QStringLiteral("Asha Rao"), testDevice(QStringLiteral("asha-phone")))
                                 .value(QStringLiteral("accessToken"))
                                 .toString();
        QVERIFY(!asha.isEmpty());
        const QJsonObject inputs { { QStringLiteral("hours"), QStringLiteral("5") },
            { QStringLiteral("reason"), QStringLiteral("incident") } };
        const HttpResult decided =
            httpRequest("POST", m_server->url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 }, { QStringLiteral("inputs"), inputs } }),
                bearer(asha, QByteArrayLiteral("asha-decides")));
        QCOMPARE(decided.status, 200);

        // Ben's CLI syncs and shows them.
        const RunResult listed = cli({ QStringLiteral("inbox") });
        QVERIFY2(listed.exitCode == 0, listed.output.constData());
        QJsonObject mine;
        for (const QJsonObject &item : items(listed.output)) {
            if (item.value(QStringLiteral("id")).toString() == id)
                mine = item;
        }
        QCOMPARE(mine.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(mine.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1001"));
        QCOMPARE(mine.value(QStringLiteral("decidedInputs")).toObject(), inputs);
        const RunResult text = cli({ QStringLiteral("inbox") }, {}, false);
        QVERIFY2(text.output.contains("With: hours=5, reason=incident"), text.output.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliInboxCards)
#include "tst_cli_inbox_cards.moc"
