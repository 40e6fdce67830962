// The Services pages' core on real SQLCipher files, without a server: the catalogue model in the
// store's order (category, order, title) with every role, following the store; My requests
// newest first with statuses in words, what waits in the outbox on top as "Waiting to send";
// the SelfService facade validating before anything is queued, naming the wrong inputs, and
// counting what waits.
#include "inboxfixture.h"
#include "selfservice/cataloguemodel.h"
#include "selfservice/cataloguestore.h"
#include "selfservice/requestsmodel.h"
#include "selfservice/requestsstore.h"
#include "selfservice/selfservice.h"
#include "selfservice/selfservicemigrations.h"
#include "selfservice/serviceentry.h"
#include "selfservice/submissionoutbox.h"
#include "selfservice/submissionrecord.h"
#include "storage/databaseschema.h"

using namespace tessera;
using namespace tessera::test;

namespace {

// A form with a required summary and days 1..10; one submit action "send".
QJsonObject form()
{
    const QJsonObject summary { { QStringLiteral("type"), QStringLiteral("Input.Text") },
        { QStringLiteral("id"), QStringLiteral("summary") },
        { QStringLiteral("label"), QStringLiteral("Summary") },
        { QStringLiteral("isRequired"), true } };
    const QJsonObject days { { QStringLiteral("type"), QStringLiteral("Input.Number") },
        { QStringLiteral("id"), QStringLiteral("days") },
        { QStringLiteral("label"), QStringLiteral("Days") }, { QStringLiteral("min"), 1 },
        { QStringLiteral("max"), 10 } };
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"), QJsonArray { summary, days } },
        { QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                { QStringLiteral("id"), QStringLiteral("send") },
                { QStringLiteral("title"), QStringLiteral("Send") } } } } };
}

ServiceEntry service(const QString &id, const QString &title, const QString &category, int order)
{
    const QJsonObject wire { { QStringLiteral("id"), id }, { QStringLiteral("title"), title },
        { QStringLiteral("category"), category }, { QStringLiteral("icon"), QStringLiteral("it") },
        { QStringLiteral("description"), QStringLiteral("About %1").arg(title) },
        { QStringLiteral("order"), order }, { QStringLiteral("form"), form() },
        { QStringLiteral("version"), 2 },
        { QStringLiteral("updatedAt"), QStringLiteral("2026-11-29T09:00:00Z") },
        { QStringLiteral("source"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("demo-%1").arg(category) } } } };
    QString problem;
    const auto entry = ServiceEntry::fromJson(wire, &problem);
    if (!entry)
        qFatal("bad service: %s", qPrintable(problem));
    return *entry;
}

SubmissionRecord request(const QString &id, const QString &status, int minute,
    const QJsonObject &resultCard = {}, const QString &message = {})
{
    const QString at = QStringLiteral("2026-11-29T09:%1:00Z").arg(minute, 2, 10, QLatin1Char('0'));
    const QJsonObject wire { { QStringLiteral("id"), id },
        { QStringLiteral("serviceId"), QStringLiteral("svc_leave") },
        { QStringLiteral("serviceTitle"), QStringLiteral("Apply for leave") },
        { QStringLiteral("inputs"),
            QJsonObject { { QStringLiteral("summary"), QStringLiteral("Trip") } } },
        { QStringLiteral("status"), status },
        { QStringLiteral("message"),
            message.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(message) },
        { QStringLiteral("resultCard"),
            resultCard.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(resultCard) },
        { QStringLiteral("submittedAt"), at }, { QStringLiteral("updatedAt"), at } };
    QString problem;
    const auto record = SubmissionRecord::fromJson(wire, &problem);
    if (!record)
        qFatal("bad submission: %s", qPrintable(problem));
    return *record;
}

QJsonObject resultCard()
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), QStringLiteral("Ticket INC-7") } } } } };
}

QVariant role(const QAbstractItemModel &model, int row, const QByteArray &name)
{
    return model.data(model.index(row, 0), model.roleNames().key(name, -1));
}

} // namespace

class TestSelfServiceModels : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    std::shared_ptr<Database> open()
    {
        static const DatabaseSchema schema =
            DatabaseSchema::base().add(QStringLiteral("selfservice"), selfServiceMigrations());
        DatabaseOpenResult opened =
            Database::open(m_dir.filePath(QStringLiteral("models-%1.db").arg(++m_files)),
                Database::newKey(), schema);
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }

private Q_SLOTS:
    void catalogueInTheStoresOrder()
    {
        CatalogueStore store(open());
        CatalogueModel model(store);
        QAbstractItemModelTester tester(&model);
        QSignalSpy counted(&model, &CatalogueModel::countChanged);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(
            store.applyPage({ service(QStringLiteral("svc_wifi"), QStringLiteral("Wi-Fi"),
                                  QStringLiteral("Facilities"), 1),
                                service(QStringLiteral("svc_leave"),
                                    QStringLiteral("Apply for leave"), QStringLiteral("HR"), 2),
                                service(QStringLiteral("svc_inc"),
                                    QStringLiteral("Report an incident"), QStringLiteral("IT"), 1),
                                service(QStringLiteral("svc_book"), QStringLiteral("Book a room"),
                                    QStringLiteral("Facilities"), 0) },
                {}, QStringLiteral("3")));
        QCOMPARE(counted.size(), 1);
        QCOMPARE(model.rowCount(), 4);
        QStringList ids;
        for (int row = 0; row < model.rowCount(); ++row)
            ids.append(role(model, row, "serviceId").toString());
        // By category, then order.
        QCOMPARE(ids,
            QStringList({ QStringLiteral("svc_book"), QStringLiteral("svc_wifi"),
                QStringLiteral("svc_leave"), QStringLiteral("svc_inc") }));
        QCOMPARE(role(model, 2, "title").toString(), QStringLiteral("Apply for leave"));
        QCOMPARE(role(model, 2, "category").toString(), QStringLiteral("HR"));
        QCOMPARE(role(model, 2, "description").toString(), QStringLiteral("About Apply for leave"));
        QCOMPARE(role(model, 2, "icon").toString(), QStringLiteral("it"));
        QCOMPARE(role(model, 2, "source").toString(), QStringLiteral("demo-HR"));
        QCOMPARE(QJsonDocument::fromJson(role(model, 2, "formJson").toString().toUtf8()).object(),
            form());
        QCOMPARE(model.rowOf(QStringLiteral("svc_inc")), 3);
        QVERIFY(model.contains(QStringLiteral("svc_leave")));
        QVERIFY(!model.contains(QStringLiteral("svc_other")));
        QCOMPARE(model.service(QStringLiteral("svc_leave")).value(QStringLiteral("title")),
            QVariant(QStringLiteral("Apply for leave")));
        QVERIFY(model.service(QStringLiteral("svc_other")).isEmpty());

        // A service withdrawn goes; a signed-out store holds nothing.
        QVERIFY(store.applyPage({}, { QStringLiteral("svc_leave") }, QStringLiteral("4")));
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.contains(QStringLiteral("svc_leave")));
        store.setDatabase({});
        QCOMPARE(model.rowCount(), 0);
    }

    void requestsNewestFirstInWords()
    {
        RequestsStore store(open());
        RequestsModel model(store);
        QAbstractItemModelTester tester(&model);
        QVERIFY(
            store.applyPage({ request(QStringLiteral("sub_1"), QStringLiteral("done"), 1,
                                  resultCard(), QStringLiteral("Approved by your manager")),
                                request(QStringLiteral("sub_2"), QStringLiteral("in_progress"), 5),
                                request(QStringLiteral("sub_3"), QStringLiteral("rejected"), 3) },
                QStringLiteral("9")));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.waitingCount(), 0);
        QCOMPARE(role(model, 0, "submissionId").toString(), QStringLiteral("sub_2"));
        QCOMPARE(role(model, 0, "statusText").toString(), QStringLiteral("In progress"));
        QCOMPARE(role(model, 0, "isFinal").toBool(), false);
        QCOMPARE(role(model, 0, "resultCard").toString(), QString());
        QCOMPARE(role(model, 1, "submissionId").toString(), QStringLiteral("sub_3"));
        QCOMPARE(role(model, 1, "statusText").toString(), QStringLiteral("Rejected"));
        QCOMPARE(role(model, 1, "isFinal").toBool(), true);
        QCOMPARE(role(model, 2, "submissionId").toString(), QStringLiteral("sub_1"));
        QCOMPARE(role(model, 2, "status").toString(), QStringLiteral("done"));
        QCOMPARE(role(model, 2, "statusText").toString(), QStringLiteral("Done"));
        QCOMPARE(role(model, 2, "message").toString(), QStringLiteral("Approved by your manager"));
        QCOMPARE(role(model, 2, "serviceTitle").toString(), QStringLiteral("Apply for leave"));
        QCOMPARE(role(model, 2, "submittedAt").toDateTime(),
            QDateTime::fromString(QStringLiteral("2026-11-29T09:01:00Z"), Qt::ISODate));
        QCOMPARE(QJsonDocument::fromJson(role(model, 2, "resultCard").toString().toUtf8()).object(),
            resultCard());
        QCOMPARE(model.rowOf(QStringLiteral("sub_1")), 2);

        // A status set by the sub-system arrives: the row follows.
        QVERIFY(store.applyPage(
            { request(QStringLiteral("sub_2"), QStringLiteral("done"), 5) }, QStringLiteral("10")));
        QCOMPARE(role(model, 0, "statusText").toString(), QStringLiteral("Done"));
        QCOMPARE(role(model, 0, "isFinal").toBool(), true);
        QCOMPARE(RequestsModel::statusText(QStringLiteral("received")), QStringLiteral("Received"));
        QCOMPARE(
            RequestsModel::statusText(QStringLiteral("submitted")), QStringLiteral("Submitted"));
    }

    // The facade checks as the server does and queues only what passes; what waits shows on
    // top of My requests until it is sent (the signed-out session sends nothing).
    void submitQueuesWhatPassesAndShowsItWaiting()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("facade-session.db")));
        const auto database = open();
        CatalogueStore catalogue(database);
        RequestsStore requests(database);
        SubmissionOutbox outbox(
            signedOut.session.api(), signedOut.session.scope(), catalogue, &requests);
        outbox.setDatabase(database);
        CatalogueModel catalogueModel(catalogue);
        RequestsModel requestsModel(requests, &outbox, &catalogue);
        QAbstractItemModelTester tester(&requestsModel);
        SelfService selfService(catalogueModel, outbox);
        QCOMPARE(selfService.catalogue(), &catalogueModel);
        QSignalSpy catalogueChanged(&selfService, &SelfService::catalogueChanged);
        QVERIFY(
            catalogue.applyPage({ service(QStringLiteral("svc_leave"),
                                    QStringLiteral("Apply for leave"), QStringLiteral("HR"), 1) },
                {}, QStringLiteral("1")));
        QVERIFY(
            requests.applyPage({ request(QStringLiteral("sub_1"), QStringLiteral("received"), 1) },
                QStringLiteral("1")));
        QCOMPARE(catalogueChanged.size(), 1); // the form page looks again
        QSignalSpy pending(&selfService, &SelfService::pendingCountChanged);

        // Wrong: each input named, nothing queued.
        const QVariantMap wrong = selfService.submit(QStringLiteral("svc_leave"), QString(),
            { { QStringLiteral("days"), QStringLiteral("12") } });
        QCOMPARE(wrong.value(QStringLiteral("queued")).toBool(), false);
        QCOMPARE(wrong.value(QStringLiteral("refusal")).toString(), QString());
        QStringList named;
        for (const QVariant &error : wrong.value(QStringLiteral("errors")).toList()) {
            named.append(error.toMap().value(QStringLiteral("input")).toString());
            QVERIFY(!error.toMap().value(QStringLiteral("message")).toString().isEmpty());
        }
        named.sort();
        QCOMPARE(named, QStringList({ QStringLiteral("days"), QStringLiteral("summary") }));
        QCOMPARE(selfService.pendingCount(), 0);
        QCOMPARE(requestsModel.waitingCount(), 0);

        // A service this device does not have: refused in words.
        const QVariantMap unknown = selfService.submit(QStringLiteral("svc_none"), QString(), {});
        QCOMPARE(unknown.value(QStringLiteral("queued")).toBool(), false);
        QVERIFY(unknown.value(QStringLiteral("refusal")).toString().contains(u"svc_none"));

        // Right: queued, counted, and on top of My requests as waiting.
        const QVariantMap right =
            selfService.submit(QStringLiteral("svc_leave"), QStringLiteral("send"),
                { { QStringLiteral("summary"), QStringLiteral("Trip") },
                    { QStringLiteral("days"), QStringLiteral("3") } });
        QCOMPARE(right.value(QStringLiteral("queued")).toBool(), true);
        QVERIFY(right.value(QStringLiteral("seq")).toInt() > 0);
        QVERIFY(right.value(QStringLiteral("errors")).toList().isEmpty());
        QCOMPARE(selfService.pendingCount(), 1);
        QCOMPARE(pending.size(), 1);
        QCOMPARE(requestsModel.rowCount(), 2);
        QCOMPARE(requestsModel.waitingCount(), 1);
        QCOMPARE(role(requestsModel, 0, "isWaiting").toBool(), true);
        QCOMPARE(role(requestsModel, 0, "status").toString(), QStringLiteral("waiting"));
        QCOMPARE(
            role(requestsModel, 0, "statusText").toString(), QStringLiteral("Waiting to send"));
        QCOMPARE(
            role(requestsModel, 0, "serviceTitle").toString(), QStringLiteral("Apply for leave"));
        QCOMPARE(role(requestsModel, 0, "submissionId").toString(), QString());
        QCOMPARE(role(requestsModel, 1, "submissionId").toString(), QStringLiteral("sub_1"));
        QCOMPARE(role(requestsModel, 1, "isWaiting").toBool(), false);

        // Signed out: nothing is left to show.
        outbox.setDatabase({});
        requests.setDatabase({});
        QCOMPARE(selfService.pendingCount(), 0);
        QCOMPARE(requestsModel.rowCount(), 0);
    }

    void offlineFollowsWhoeverKnows()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("offline-session.db")));
        CatalogueStore catalogue;
        SubmissionOutbox outbox(signedOut.session.api(), signedOut.session.scope(), catalogue);
        CatalogueModel model(catalogue);
        SelfService selfService(model, outbox);
        QSignalSpy changed(&selfService, &SelfService::offlineChanged);
        QVERIFY(!selfService.isOffline());
        selfService.setOffline(true);
        selfService.setOffline(true);
        QVERIFY(selfService.isOffline());
        QCOMPARE(changed.size(), 1);
        // Signed out: submit refuses in words, queues nothing.
        const QVariantMap refused = selfService.submit(QStringLiteral("svc_leave"), QString(), {});
        QCOMPARE(refused.value(QStringLiteral("queued")).toBool(), false);
        QVERIFY(!refused.value(QStringLiteral("refusal")).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSelfServiceModels)

#include "tst_selfservice_models.moc"
