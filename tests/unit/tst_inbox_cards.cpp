// Cards in inbox items on the client: InboxItem keeps a card that core's CardParser
// takes and drops one it refuses (the plain body shows); InboxStore keeps the card in the inbox
// feature's table; DecisionOutbox checks a decision's inputs against the card's submit action
// before it writes anything, keeps the inputs with the waiting decision (across a restart), and
// keeps the server's invalid_inputs errors with the item when the decision is refused; the
// inputs an item was decided with are kept with it, and a card action that sends inputs is never
// decided from the list (formActions, approveAll).
#include "inbox/inboxmigrations.h"
#include "inboxfixture.h"

using namespace tessera;
using namespace tessera::test;

namespace {

QJsonObject overtimeCard()
{
    const auto choice = [](const QString &value) {
        return QJsonObject { { QStringLiteral("title"), value },
            { QStringLiteral("value"), value } };
    };
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
                        QJsonArray { choice(QStringLiteral("deadline")),
                            choice(QStringLiteral("incident")) } } },
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

QJsonObject withCard(const QString &id, const QJsonValue &card)
{
    QJsonObject json = wireItem(id, 1);
    json.insert(QStringLiteral("card"), card);
    // The card's reject sends no comment: it needs none here.
    QJsonArray actions = json.value(QStringLiteral("actions")).toArray();
    QJsonObject reject = actions.at(1).toObject();
    reject.insert(QStringLiteral("requiresComment"), false);
    actions.replace(1, reject);
    json.insert(QStringLiteral("actions"), actions);
    return json;
}

// The card item as the server gives it once someone decided it with inputs.
InboxItem decidedWith(const QString &id, const QJsonObject &inputs)
{
    QJsonObject json = withCard(id, overtimeCard());
    json.insert(QStringLiteral("decidedInputs"), inputs);
    return decided(json, QStringLiteral("approve"), QStringLiteral("approved"));
}

QStringList inputsNamed(const QJsonArray &errors)
{
    QStringList names;
    for (const auto &error : errors)
        names.append(error.toObject().value(QStringLiteral("input")).toString());
    return names;
}

} // namespace

class TestInboxCards : public QObject, protected InboxFixture
{
    Q_OBJECT

    // A database with the inbox feature's tables, as the client stack opens it (path and key:
    // that file again; migrations: the inbox feature's first ones only).
    std::shared_ptr<Database> cardDatabase(QString path = {}, const QByteArray &key = {},
        qsizetype migrations = inboxMigrations().size())
    {
        if (path.isEmpty())
            path = m_dir.filePath(QStringLiteral("cards-%1.db").arg(++m_files));
        DatabaseOpenResult opened = Database::open(path, key.isEmpty() ? Database::newKey() : key,
            DatabaseSchema::base().add(
                QStringLiteral("inbox"), inboxMigrations().mid(0, migrations)));
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }

private Q_SLOTS:
    void itemKeepsAValidCardOnly()
    {
        const InboxItem plain = item(wireItem(QStringLiteral("ntf_plain"), 1));
        QVERIFY(!plain.hasCard());
        QVERIFY(!plain.toJson().contains(QStringLiteral("card")));

        const InboxItem carded = item(withCard(QStringLiteral("ntf_card"), overtimeCard()));
        QVERIFY(carded.hasCard());
        QCOMPARE(carded.card, overtimeCard());
        QCOMPARE(carded.toJson().value(QStringLiteral("card")).toObject(), overtimeCard());
        // The wire's shape again gives the same item.
        QCOMPARE(item(carded.toJson()).card, overtimeCard());

        // A card the parser refuses is dropped: the item stays, with its plain body.
        QJsonObject broken = overtimeCard();
        broken.insert(QStringLiteral("type"), QStringLiteral("NotACard"));
        QJsonObject tooLarge = overtimeCard();
        tooLarge.insert(
            QStringLiteral("fallbackText"), QString(qsizetype(70) * 1024, QLatin1Char('x')));
        const QList<QJsonValue> refused { broken, tooLarge, QStringLiteral("card"), 42,
            QJsonObject {} };
        for (const QJsonValue &card : refused) {
            const InboxItem dropped = item(withCard(QStringLiteral("ntf_bad"), card));
            QVERIFY(!dropped.hasCard());
            QCOMPARE(dropped.body, QStringLiteral("Three days."));
            QCOMPARE(dropped.title, QStringLiteral("Leave request ntf_bad"));
        }
    }

    void storeKeepsTheCard()
    {
        const auto database = cardDatabase();
        InboxStore store(database);
        QVERIFY(store.applyDelta({ item(withCard(QStringLiteral("ntf_card"), overtimeCard())),
                                     item(wireItem(QStringLiteral("ntf_plain"), 2)) },
            QStringLiteral("2")));
        QCOMPARE(store.item(QStringLiteral("ntf_card"))->card, overtimeCard());
        QVERIFY(!store.item(QStringLiteral("ntf_plain"))->hasCard());
        // A later delta of the item (read, decided) keeps its card.
        QVERIFY(store.applyDelta({ decided(withCard(QStringLiteral("ntf_card"), overtimeCard()),
                                     QStringLiteral("approve"), QStringLiteral("approved")) },
            QStringLiteral("3")));
        QCOMPARE(store.item(QStringLiteral("ntf_card"))->card, overtimeCard());
        QCOMPARE(store.item(QStringLiteral("ntf_card"))->state, QStringLiteral("approved"));

        // Without the inbox feature's table (base alone) the item is kept, its card is not.
        InboxStore baseOnly(newDatabase());
        QVERIFY(baseOnly.applyDelta(
            { item(withCard(QStringLiteral("ntf_card"), overtimeCard())) }, QStringLiteral("1")));
        QVERIFY(!baseOnly.item(QStringLiteral("ntf_card"))->hasCard());
    }

    void outboxChecksAndKeepsTheInputs()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("session.db")));
        const auto database = cardDatabase();
        InboxStore store(database);
        QVERIFY(store.applyDelta({ item(withCard(QStringLiteral("ntf_card"), overtimeCard())),
                                     item(wireItem(QStringLiteral("ntf_plain"), 2)) },
            QStringLiteral("2")));
        DecisionOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);

        struct Bad
        {
            QString action;
            QJsonObject inputs;
            QStringList named;
        };
        const QList<Bad> bad {
            { QStringLiteral("approve"),
                { { QStringLiteral("hours"), QStringLiteral("40") },
                    { QStringLiteral("reason"), QStringLiteral("deadline") } },
                { QStringLiteral("hours") } },
            { QStringLiteral("approve"),
                { { QStringLiteral("hours"), QStringLiteral("3") },
                    { QStringLiteral("reason"), QStringLiteral("holiday") } },
                { QStringLiteral("reason") } },
            { QStringLiteral("approve"), {},
                { QStringLiteral("hours"), QStringLiteral("reason") } },
            { QStringLiteral("reject"), { { QStringLiteral("hours"), QStringLiteral("3") } },
                { QStringLiteral("hours") } },
        };
        for (const Bad &each : bad) {
            QJsonArray errors;
            const auto refused =
                outbox.decide(QStringLiteral("ntf_card"), each.action, {}, each.inputs, &errors);
            QVERIFY(refused);
            QCOMPARE(refused->code, QStringLiteral("invalid_inputs"));
            QVERIFY(!refused->message.isEmpty());
            QCOMPARE(inputsNamed(errors), each.named);
        }
        // An item without a card takes no inputs.
        QJsonArray plainErrors;
        QCOMPARE(outbox
                     .decide(QStringLiteral("ntf_plain"), QStringLiteral("approve"), {},
                         { { QStringLiteral("days"), QStringLiteral("3") } }, &plainErrors)
                     ->code,
            QStringLiteral("invalid_inputs"));
        QCOMPARE(inputsNamed(plainErrors), QStringList { QStringLiteral("days") });
        QCOMPARE(outbox.pendingCount(), 0);

        // Valid inputs are written with the decision, and are there after a restart.
        const QJsonObject inputs { { QStringLiteral("hours"), QStringLiteral("3") },
            { QStringLiteral("reason"), QStringLiteral("deadline") } };
        QVERIFY(!outbox.decide(QStringLiteral("ntf_card"), QStringLiteral("approve"), {}, inputs));
        QVERIFY(!outbox.decide(QStringLiteral("ntf_plain"), QStringLiteral("approve")));
        QCOMPARE(outbox.pendingCount(), 2);
        InboxStore again(database);
        const QList<PendingDecision> waiting = again.pendingDecisions();
        QCOMPARE(waiting.size(), 2);
        QCOMPARE(waiting.at(0).itemId, QStringLiteral("ntf_card"));
        QVERIFY(waiting.at(0).inputs && *waiting.at(0).inputs == inputs);
        QVERIFY(!waiting.at(1).inputs);

        // The server's invalid_inputs stays with the item; the inputs leave with the decision.
        const QJsonArray serverErrors { QJsonObject {
            { QStringLiteral("input"), QStringLiteral("hours") },
            { QStringLiteral("message"), QStringLiteral("Hours must be at most 12") } } };
        QVERIFY(again.finishDecision(
            waiting.at(0).seq, std::nullopt, QStringLiteral("Not accepted"), serverErrors));
        QCOMPARE(again.item(QStringLiteral("ntf_card"))->inputErrors, serverErrors);
        QVERIFY(!again.item(QStringLiteral("ntf_card"))->pending);
        // A new decision on it clears them and carries its own inputs.
        QVERIFY(!outbox.decide(QStringLiteral("ntf_card"), QStringLiteral("reject"), {}, {}));
        QVERIFY(again.item(QStringLiteral("ntf_card"))->inputErrors.isEmpty());
        const std::optional<QJsonObject> rejectInputs = again.pendingDecisions().constLast().inputs;
        QVERIFY(rejectInputs && rejectInputs->isEmpty());
    }

    // The inputs someone decided with (here or on another device, through the delta) are kept
    // with the card in the encrypted cache and shown: the item, every item of the CLI's list and
    // the model's get() for the detail page carry them; a decision without inputs has none.
    void decidedInputsAreKept()
    {
        const auto database = cardDatabase();
        InboxStore store(database);
        const QString id = QStringLiteral("ntf_card");
        QVERIFY(store.applyDelta({ item(withCard(id, overtimeCard())) }, QStringLiteral("1")));
        QVERIFY(store.item(id)->decidedInputs.isEmpty());
        const QJsonObject inputs { { QStringLiteral("hours"), QStringLiteral("4") },
            { QStringLiteral("reason"), QStringLiteral("incident") } };
        const InboxItem fromServer = decidedWith(id, inputs);
        QCOMPARE(fromServer.decidedInputs, inputs);
        QCOMPARE(fromServer.toJson().value(QStringLiteral("decidedInputs")).toObject(), inputs);
        QVERIFY(store.applyDelta({ fromServer }, QStringLiteral("2")));
        QCOMPARE(store.item(id)->decidedInputs, inputs);
        QCOMPARE(store.items().constFirst().decidedInputs, inputs);
        QCOMPARE(store.items().constFirst().card, overtimeCard());
        InboxModel model(store);
        QCOMPARE(QJsonObject::fromVariantMap(
                     model.get(id).value(QStringLiteral("decidedInputs")).toMap()),
            inputs);
        // In the file, not in memory: another store on it reads them.
        InboxStore again(database);
        QCOMPARE(again.item(id)->decidedInputs, inputs);

        // Rejected without inputs (another item): none.
        const QString other = QStringLiteral("ntf_other");
        QVERIFY(store.applyDelta({ decided(withCard(other, overtimeCard()),
                                     QStringLiteral("reject"), QStringLiteral("rejected")) },
            QStringLiteral("3")));
        QVERIFY(store.item(other)->decidedInputs.isEmpty());
        QVERIFY(!store.item(other)->toJson().contains(QStringLiteral("decidedInputs")));
        QVERIFY(model.get(other).value(QStringLiteral("decidedInputs")).toMap().isEmpty());
    }

    // An action whose card submit sends inputs is not decided from the list: the model's rows
    // name it (formActions) while the item is open, and bulk approval leaves it, saying so.
    void quickApprovalLeavesCardFormsAlone()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("session-quick.db")));
        const auto database = cardDatabase();
        InboxStore store(database);
        QVERIFY(store.applyDelta({ item(withCard(QStringLiteral("ntf_card"), overtimeCard())),
                                     item(withCard(QStringLiteral("ntf_card2"), overtimeCard())),
                                     item(wireItem(QStringLiteral("ntf_plain"), 2)) },
            QStringLiteral("3")));
        QCOMPARE(
            InboxItem::formActionsOf(overtimeCard()), QStringList { QStringLiteral("approve") });
        QVERIFY(InboxItem::formActionsOf({}).isEmpty());
        DecisionOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);
        InboxModel model(store);
        model.setOutbox(&outbox);
        const auto forms = [&model](const QString &id) {
            const int row = model.rowOf(id);
            return row < 0
                ? QStringList { QStringLiteral("(no row)") }
                : model.data(model.index(row), InboxModel::FormActionsRole).toStringList();
        };
        QCOMPARE(forms(QStringLiteral("ntf_card")), QStringList { QStringLiteral("approve") });
        QVERIFY(forms(QStringLiteral("ntf_plain")).isEmpty());
        QVERIFY(model.roleNames().value(InboxModel::FormActionsRole) == "formActions");
        QVERIFY(store.item(QStringLiteral("ntf_card"))->needsForm(QStringLiteral("approve")));
        QVERIFY(!store.item(QStringLiteral("ntf_card"))->needsForm(QStringLiteral("reject")));

        const QString left = model.approveAll({ QStringLiteral("ntf_card"),
            QStringLiteral("ntf_card2"), QStringLiteral("ntf_plain") });
        QCOMPARE(left, QStringLiteral("2 items need details: open them to decide."));
        QVERIFY(store.item(QStringLiteral("ntf_plain"))->pending);
        QVERIFY(!store.item(QStringLiteral("ntf_card"))->pending);
        QVERIFY(!store.item(QStringLiteral("ntf_card2"))->pending);
        QCOMPARE(model.approveAll({ QStringLiteral("ntf_card") }),
            QStringLiteral("1 item needs details: open it to decide."));

        // Decided (elsewhere): nothing left to decide from the row.
        QVERIFY(
            store.applyDelta({ decidedWith(QStringLiteral("ntf_card"),
                                 { { QStringLiteral("hours"), QStringLiteral("2") },
                                     { QStringLiteral("reason"), QStringLiteral("deadline") } }) },
                QStringLiteral("4")));
        QVERIFY(forms(QStringLiteral("ntf_card")).isEmpty());
    }

    // Migration 2 on a cache of migration 1: the cards kept before get their form actions, and
    // no decided inputs until the next delta brings them.
    void migrationTwoComputesTheFormsOfKeptCards()
    {
        const QString path = m_dir.filePath(QStringLiteral("cards-upgrade.db"));
        const QByteArray key = Database::newKey();
        {
            const auto first = cardDatabase(path, key, 1);
            SqlStatement insert =
                first->prepare("INSERT INTO inbox_cards (itemId, card) VALUES (?1, ?2)");
            insert.bindText(1, QStringLiteral("ntf_old"));
            insert.bindUtf8(2, QJsonDocument(overtimeCard()).toJson(QJsonDocument::Compact));
            QVERIFY(insert.exec());
            InboxStore store(first);
            QVERIFY(store.applyDelta(
                { item(wireItem(QStringLiteral("ntf_old"), 1)) }, QStringLiteral("1")));
        }
        const auto upgraded = cardDatabase(path, key);
        InboxStore store(upgraded);
        const std::optional<InboxItem> old = store.item(QStringLiteral("ntf_old"));
        QVERIFY(old);
        QCOMPARE(old->card, overtimeCard());
        QCOMPARE(old->formActions, QStringList { QStringLiteral("approve") });
        QVERIFY(old->decidedInputs.isEmpty());
        InboxModel model(store);
        QCOMPARE(model
                     .data(model.index(model.rowOf(QStringLiteral("ntf_old"))),
                         InboxModel::FormActionsRole)
                     .toStringList(),
            QStringList { QStringLiteral("approve") });
    }
};

QTEST_GUILESS_MAIN(TestInboxCards)
#include "tst_inbox_cards.moc"
