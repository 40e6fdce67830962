// The submission outbox and the catalogue store on real SQLCipher files, without a server: a
// submission is checked as the server checks it (each wrong input named, nothing queued), a
// valid one is written with its Idempotency-Key before any attempt and keeps that key when the
// database is opened again (a restart); a service whose form does not parse is refused; a
// catalogue page is applied with its cursor, removed services go.
#include "inboxfixture.h"
#include "selfservice/cataloguestore.h"
#include "selfservice/cataloguesync.h"
#include "selfservice/requestsstore.h"
#include "selfservice/requestssync.h"
#include "selfservice/selfservicemigrations.h"
#include "selfservice/serviceentry.h"
#include "selfservice/submissionoutbox.h"
#include "storage/databaseschema.h"

#include <QFile>

using namespace tessera;
using namespace tessera::test;

namespace {

QJsonObject input(const QString &type, const QString &id)
{
    return QJsonObject { { QStringLiteral("type"), type }, { QStringLiteral("id"), id },
        { QStringLiteral("label"), id } };
}

// Leave: a required summary, days 1..10, a code of three capitals; one submit action "send".
QJsonObject leaveForm()
{
    QJsonObject summary = input(QStringLiteral("Input.Text"), QStringLiteral("summary"));
    summary.insert(QStringLiteral("isRequired"), true);
    QJsonObject days = input(QStringLiteral("Input.Number"), QStringLiteral("days"));
    days.insert(QStringLiteral("min"), 1);
    days.insert(QStringLiteral("max"), 10);
    QJsonObject code = input(QStringLiteral("Input.Text"), QStringLiteral("code"));
    code.insert(QStringLiteral("regex"), QStringLiteral("[A-Z]{3}"));
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"), QJsonArray { summary, days, code } },
        { QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                { QStringLiteral("id"), QStringLiteral("send") },
                { QStringLiteral("title"), QStringLiteral("Apply") } } } } };
}

QJsonObject wireService(const QString &id, const QJsonObject &form = leaveForm())
{
    return QJsonObject { { QStringLiteral("id"), id },
        { QStringLiteral("title"), QStringLiteral("Apply for leave") },
        { QStringLiteral("category"), QStringLiteral("HR") },
        { QStringLiteral("icon"), QStringLiteral("calendar") },
        { QStringLiteral("description"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("order"), 5 }, { QStringLiteral("form"), form },
        { QStringLiteral("version"), 3 },
        { QStringLiteral("updatedAt"), QStringLiteral("2026-11-29T09:00:00Z") },
        { QStringLiteral("source"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("demo-hr") } } } };
}

QJsonObject goodValues()
{
    return QJsonObject { { QStringLiteral("summary"), QStringLiteral("Family visit") },
        { QStringLiteral("days"), QStringLiteral("3") },
        { QStringLiteral("code"), QStringLiteral("ABC") } };
}

// The syncs' page handling without a server: what a page from the server does to the stores.
class CataloguePages : public CatalogueSync
{
public:
    using CatalogueSync::applyPage;
    using CatalogueSync::CatalogueSync;
};

class RequestPages : public RequestsSync
{
public:
    using RequestsSync::applyPage;
    using RequestsSync::RequestsSync;
};

QJsonObject wireSubmission(const QString &id, const QString &status)
{
    return QJsonObject { { QStringLiteral("id"), id },
        { QStringLiteral("serviceId"), QStringLiteral("svc_leave") },
        { QStringLiteral("serviceTitle"), QStringLiteral("Apply for leave") },
        { QStringLiteral("inputs"), goodValues() }, { QStringLiteral("status"), status },
        { QStringLiteral("message"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("resultCard"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("submittedAt"), QStringLiteral("2026-11-29T09:00:00Z") },
        { QStringLiteral("updatedAt"), QStringLiteral("2026-11-29T09:05:00Z") } };
}

} // namespace

class TestSubmissionOutbox : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    static const DatabaseSchema &schema()
    {
        static const DatabaseSchema schema =
            DatabaseSchema::base().add(QStringLiteral("selfservice"), selfServiceMigrations());
        return schema;
    }

    std::shared_ptr<Database> open(const QString &path, const QByteArray &key)
    {
        DatabaseOpenResult opened = Database::open(path, key, schema());
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }

    static ServiceEntry entry(const QJsonObject &json)
    {
        QString problem;
        const auto parsed = ServiceEntry::fromJson(json, &problem);
        if (!parsed)
            qFatal("bad service: %s", qPrintable(problem));
        return *parsed;
    }

    static QStringList inputsOf(const QList<cards::InputError> &errors)
    {
        QStringList ids;
        for (const cards::InputError &error : errors)
            ids.append(error.inputId);
        return ids;
    }

private Q_SLOTS:
    void serviceChecked()
    {
        QString problem;
        QVERIFY(ServiceEntry::fromJson(wireService(QStringLiteral("svc_a")), &problem));
        const ServiceEntry good = entry(wireService(QStringLiteral("svc_a")));
        QCOMPARE(good.version, 3);
        QCOMPARE(good.source, QStringLiteral("demo-hr"));
        QVERIFY(good.description.isEmpty());
        QCOMPARE(entry(good.toJson()).form, good.form);

        // A form that does not parse, a form without a submit action, a missing field.
        QJsonObject badForm = leaveForm();
        badForm.insert(QStringLiteral("type"), QStringLiteral("NotACard"));
        QVERIFY(!ServiceEntry::fromJson(wireService(QStringLiteral("svc_b"), badForm), &problem));
        QVERIFY(problem.contains(QStringLiteral("svc_b")));
        QJsonObject noAction = leaveForm();
        noAction.remove(QStringLiteral("actions"));
        QVERIFY(!ServiceEntry::fromJson(wireService(QStringLiteral("svc_c"), noAction), &problem));
        QJsonObject noVersion = wireService(QStringLiteral("svc_d"));
        noVersion.insert(QStringLiteral("version"), 0);
        QVERIFY(!ServiceEntry::fromJson(noVersion, &problem));
        QJsonObject noTitle = wireService(QStringLiteral("svc_e"));
        noTitle.insert(QStringLiteral("title"), 7);
        QVERIFY(!ServiceEntry::fromJson(noTitle, &problem));
    }

    void catalogueStore()
    {
        CatalogueStore store(
            open(m_dir.filePath(QStringLiteral("catalogue.db")), Database::newKey()));
        QSignalSpy changed(&store, &CatalogueStore::changed);
        QVERIFY(store.applyPage({ entry(wireService(QStringLiteral("svc_a"))),
                                    entry(wireService(QStringLiteral("svc_b"))) },
            {}, QStringLiteral("7")));
        QCOMPARE(store.cursor(), QStringLiteral("7"));
        QCOMPARE(store.services().size(), 2);
        QCOMPARE(changed.size(), 1);
        QVERIFY(store.applyPage({}, { QStringLiteral("svc_a") }, QStringLiteral("9")));
        QCOMPARE(store.cursor(), QStringLiteral("9"));
        QCOMPARE(store.services().size(), 1);
        QVERIFY(!store.service(QStringLiteral("svc_a")));
        QCOMPARE(store.service(QStringLiteral("svc_b"))->form, leaveForm());
        // Nothing held without a database; writes fail.
        store.setDatabase({});
        QVERIFY(store.services().isEmpty());
        QVERIFY(!store.applyPage({}, {}, QStringLiteral("10")));
    }

    // A page of the catalogue: a service whose form does not parse is skipped (a copy held from
    // before goes), the others kept; a page that is not what the API says changes nothing.
    void cataloguePageChecked()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("pages-session.db")));
        const auto database = open(m_dir.filePath(QStringLiteral("pages.db")), Database::newKey());
        CatalogueStore store(database);
        CataloguePages sync(signedOut.session.api(), signedOut.session.scope(), store);
        store.setDatabase(database); // the signed-out session has none
        QString problem;
        QVERIFY(sync.applyPage(QJsonObject { { QStringLiteral("services"),
                                                 QJsonArray { wireService(QStringLiteral("svc_a")),
                                                     wireService(QStringLiteral("svc_b")) } },
                                   { QStringLiteral("removed"), QJsonArray {} } },
            QStringLiteral("4"), &problem));
        QCOMPARE(store.services().size(), 2);

        QJsonObject broken = leaveForm();
        broken.insert(QStringLiteral("type"), QStringLiteral("NotACard"));
        QVERIFY(sync.applyPage(
            QJsonObject { { QStringLiteral("services"),
                              QJsonArray { wireService(QStringLiteral("svc_b"), broken),
                                  wireService(QStringLiteral("svc_c")) } },
                { QStringLiteral("removed"), QJsonArray { QStringLiteral("svc_a") } } },
            QStringLiteral("6"), &problem));
        QCOMPARE(sync.skipped(), 1);
        QVERIFY(!store.service(QStringLiteral("svc_a")));
        QVERIFY(!store.service(QStringLiteral("svc_b")));
        QVERIFY(store.service(QStringLiteral("svc_c")));
        QCOMPARE(store.cursor(), QStringLiteral("6"));

        QVERIFY(!sync.applyPage(QJsonObject { { QStringLiteral("services"), QJsonArray {} },
                                    { QStringLiteral("removed"), QJsonArray { 7 } } },
            QStringLiteral("8"), &problem));
        QVERIFY(!sync.applyPage(QJsonObject {}, QStringLiteral("8"), &problem));
        QCOMPARE(store.cursor(), QStringLiteral("6"));
        QVERIFY(store.service(QStringLiteral("svc_c")));
    }

    // A page of My requests is taken whole or not at all.
    void requestsPageChecked()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("requests-session.db")));
        const auto database =
            open(m_dir.filePath(QStringLiteral("requests.db")), Database::newKey());
        RequestsStore store(database);
        RequestPages sync(signedOut.session.api(), signedOut.session.scope(), store);
        store.setDatabase(database);
        QString problem;
        QVERIFY(sync.applyPage(QJsonObject { { QStringLiteral("submissions"),
                                   QJsonArray { wireSubmission(QStringLiteral("sub_1"),
                                       QStringLiteral("in_progress")) } } },
            QStringLiteral("3"), &problem));
        QCOMPARE(store.request(QStringLiteral("sub_1"))->status, QStringLiteral("in_progress"));
        QVERIFY(!sync.applyPage(
            QJsonObject { { QStringLiteral("submissions"),
                QJsonArray { wireSubmission(QStringLiteral("sub_1"), QStringLiteral("done")),
                    wireSubmission(QStringLiteral("sub_2"), QStringLiteral("approved")) } } },
            QStringLiteral("5"), &problem));
        QVERIFY(problem.contains(QStringLiteral("approved")));
        QCOMPARE(store.request(QStringLiteral("sub_1"))->status, QStringLiteral("in_progress"));
        QVERIFY(!store.request(QStringLiteral("sub_2")));
        QCOMPARE(store.cursor(), QStringLiteral("3"));
    }

    void submitValidatesThenQueuesWithAKeptKey()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("session.db")));
        const QString path = m_dir.filePath(QStringLiteral("outbox-%1.db").arg(++m_files));
        const QByteArray key = Database::newKey();
        auto database = open(path, key);
        CatalogueStore catalogue(database);
        QVERIFY(catalogue.applyPage(
            { entry(wireService(QStringLiteral("svc_leave"))) }, {}, QStringLiteral("1")));
        SubmissionOutbox outbox(signedOut.session.api(), signedOut.session.scope(), catalogue);
        outbox.setDatabase(database);
        QSignalSpy count(&outbox, &SubmissionOutbox::pendingCountChanged);

        // Each wrong input named, nothing queued.
        QJsonObject wrong = goodValues();
        wrong.remove(QStringLiteral("summary"));
        wrong.insert(QStringLiteral("days"), QStringLiteral("11"));
        wrong.insert(QStringLiteral("code"), QStringLiteral("abc"));
        wrong.insert(QStringLiteral("extra"), QStringLiteral("x"));
        const auto refused = outbox.submit(QStringLiteral("svc_leave"), {}, wrong);
        QVERIFY(!refused.queued());
        QCOMPARE(inputsOf(refused.errors),
            (QStringList { QStringLiteral("summary"), QStringLiteral("days"),
                QStringLiteral("code"), QStringLiteral("extra") }));
        for (const cards::InputError &error : refused.errors)
            QVERIFY(!error.message.isEmpty());
        QCOMPARE(outbox.submit(QStringLiteral("svc_none"), {}, goodValues()).refusal->code,
            QStringLiteral("not_found"));
        QCOMPARE(outbox.submit(QStringLiteral("svc_leave"), QStringLiteral("cancel"), goodValues())
                     .refusal->code,
            QStringLiteral("unknown_action"));
        QCOMPARE(outbox.pendingCount(), 0);
        QVERIFY(outbox.entries().isEmpty());
        QCOMPARE(count.size(), 0);

        // Valid: written before any attempt, with its key, the form's version and the action.
        const auto queued = outbox.submit(QStringLiteral("svc_leave"), {}, goodValues());
        QVERIFY(queued.queued());
        QVERIFY(queued.errors.isEmpty());
        QCOMPARE(outbox.pendingCount(), 1);
        QCOMPARE(count.size(), 1);
        const OutboxEntry written = *outbox.entry(*queued.seq);
        QCOMPARE(written.state, QStringLiteral("pending"));
        QCOMPARE(written.formVersion, 3);
        QCOMPARE(written.action, QStringLiteral("send"));
        QCOMPARE(written.inputs, goodValues());
        QVERIFY(written.idempotencyKey.size() >= 32);
        // Not signed in: nothing is sent (the outbox's first look runs from the event loop).
        QCoreApplication::processEvents();
        QCOMPARE(outbox.entry(*queued.seq)->attempts, 0);

        // A second one gets a key of its own.
        const auto second =
            outbox.submit(QStringLiteral("svc_leave"), QStringLiteral("send"), goodValues());
        QVERIFY(second.queued());
        QVERIFY(outbox.entry(*second.seq)->idempotencyKey != written.idempotencyKey);

        // A restart: the file opened again, a new outbox: the same submissions, the same keys.
        database.reset();
        catalogue.setDatabase({});
        outbox.setDatabase({});
        QCOMPARE(outbox.pendingCount(), 0);
        auto reopened = open(path, key);
        CatalogueStore again(reopened);
        SubmissionOutbox restarted(signedOut.session.api(), signedOut.session.scope(), again);
        restarted.setDatabase(reopened);
        QCOMPARE(restarted.pendingCount(), 2);
        QCOMPARE(restarted.entry(*queued.seq)->idempotencyKey, written.idempotencyKey);
        QCOMPARE(restarted.entry(*queued.seq)->inputs, goodValues());

        // The values are in the encrypted file, never in plain text.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("Family visit"));
    }
};

QTEST_GUILESS_MAIN(TestSubmissionOutbox)
#include "tst_submissionoutbox.moc"
