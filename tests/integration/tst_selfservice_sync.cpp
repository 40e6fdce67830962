// Self-service through the client stack against the real server: a service a sub-system
// registers reaches the person's catalogue (at start and through a live hint), a service of
// another audience never does; a submission is stored once even when it is sent again with the
// same Idempotency-Key after a restart that lost the first answer; a server's 422 is kept with
// the input's name (and said to the app's form page with it); a status the sub-system sets
// reaches My requests (and the app's list of them, in words) through a live hint. And
// tessera-cli form: a wrong value exits 1 naming the input, good values reach the sub-system.
// And exactly once under cut connections: a seeded FaultyProxy between the app and the server.
#include "clitestrunner.h"
#include "demoaccounts.h"
#include "fakes/testdeviceinfo.h"
#include "faultyproxy.h"
#include "feed/streamclient.h"
#include "identity/session.h"
#include "inbox/inboxsync.h"
#include "net/apiclient.h"
#include "net/serverendpoint.h"
#include "selfservice/cataloguestore.h"
#include "selfservice/cataloguesync.h"
#include "selfservice/requestsmodel.h"
#include "selfservice/requestsstore.h"
#include "selfservice/requestssync.h"
#include "selfservice/selfservice.h"
#include "selfservice/submissionoutbox.h"
#include "serverprocess.h"
#include "servicecalls.h"
#include "services/clientschema.h"
#include "services/clientstack.h"
#include "sessiontesting.h"
#include "storage/database.h"
#include "storage/memorysecretstore.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr int kTimeout = 60000; // generous: nothing here measures time

QStringList serviceIds(const CatalogueStore &store)
{
    QStringList ids;
    const QList<ServiceEntry> services = store.services();
    for (const ServiceEntry &service : services)
        ids.append(service.id);
    return ids;
}

} // namespace

class TestSelfServiceSync : public QObject, protected ServiceCalls
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ServerProcess m_server;
    TestDeviceInfo m_deviceInfo { QStringLiteral("selfservice test") };
    MemorySecretStore m_secrets;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ClientStack> m_stack;
    CliRunner m_cli { QStringLiteral(TESSERA_CLI_BINARY), [this] { return m_server.url(); },
        { QStringLiteral("--allow-plain-http") } };

    // The session of the device name (its id: 8 characters at least; a restart opens the same
    // one again), signed out; through a proxy on viaPort when one is given.
    Session &open(const QString &name, quint16 viaPort = 0)
    {
        m_stack.reset();
        m_session.reset();
        QString error;
        QUrl url = m_server.url();
        if (viaPort != 0)
            url.setPort(viaPort);
        const auto endpoint = ServerEndpoint::parse(
            url.toString(), ServerEndpoint::PlainHttp::AllowOnLoopback, &error);
        if (!endpoint)
            qFatal("bad server address: %s", qPrintable(error));
        m_api = std::make_unique<ApiClient>(*endpoint);
        m_session = std::make_unique<Session>(*m_api, m_secrets, m_deviceInfo,
            Session::Options {
                m_dir.filePath(name + QStringLiteral(".db")), name, {}, clientSchema() });
        return *m_session;
    }

    // A started stack (with the live stream) on the session.
    ClientStack &stack()
    {
        ClientStack::Options options;
        options.retryDelays = ClientStack::RetryDelays { std::chrono::milliseconds(200),
            std::chrono::milliseconds(2000) };
        m_stack = std::make_unique<ClientStack>(*m_session, m_secrets, options);
        m_stack->start();
        return *m_stack;
    }

    QString putService(const QString &serviceId, const QJsonObject &audience,
        const QString &title = QStringLiteral("Apply for leave"))
    {
        const HttpResult written = put(m_server, serviceId, service(audience, title));
        if (written.status != 200 && written.status != 201)
            qWarning("PUT service: %d %s", written.status, written.body.constData());
        return written.json().value(QStringLiteral("id")).toString();
    }

    QJsonArray subsystemSubmissions(const QString &serviceId)
    {
        return get(m_server, QStringLiteral("/v1/subsystem/submissions"), keyOf(m_server),
            { { QStringLiteral("serviceId"), serviceId } })
            .json()
            .value(QStringLiteral("submissions"))
            .toArray();
    }

    static QJsonObject goodValues()
    {
        QJsonObject values = goodInputs();
        return values;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ServerProcess::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("server"));
        QVERIFY2(m_server.start(options), qPrintable(m_server.error()));
    }

    void cleanup()
    {
        m_stack.reset();
        m_session.reset();
    }

    void catalogueByAudienceAndHint()
    {
        const QString leave =
            putService(QStringLiteral("leave"), toUsers({ QStringLiteral("E1002") }));
        const QString theirs = putService(QStringLiteral("theirs"),
            toUsers({ QStringLiteral("E1001") }), QStringLiteral("Asha's only"));
        QVERIFY(!leave.isEmpty() && !theirs.isEmpty());

        Session &session = open(QStringLiteral("device-catalogue"));
        ClientStack &clients = stack();
        QVERIFY(clients.has(ClientStack::Feature::Services));
        CatalogueStore *catalogue = clients.part<CatalogueStore>();
        CatalogueSync *sync = clients.part<CatalogueSync>();
        InboxSync *inbox = clients.part<InboxSync>();
        QVERIFY(catalogue && sync && inbox);
        QSignalSpy synced(sync, &CatalogueSync::synced);
        QVERIFY(signInDemo(m_server, session, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QCOMPARE(serviceIds(*catalogue), QStringList { leave });
        QCOMPARE(catalogue->service(leave)->form, leaveForm());
        QCOMPARE(catalogue->service(leave)->version, 1);
        QVERIFY(!catalogue->cursor().isEmpty());

        // While the stream is open: a new service for Ben arrives by its hint; one for Asha
        // alone, written before it, never does.
        QTRY_VERIFY_WITH_TIMEOUT(inbox->isLive(), kTimeout);
        QVERIFY(
            !putService(QStringLiteral("hidden"), toUsers({ QStringLiteral("E1001") })).isEmpty());
        const QString laptop = putService(QStringLiteral("laptop"),
            QJsonObject { { QStringLiteral("everyone"), true } }, QStringLiteral("New laptop"));
        QTRY_VERIFY_WITH_TIMEOUT(serviceIds(*catalogue).contains(laptop), kTimeout);
        QCOMPARE(serviceIds(*catalogue).size(), 2);
        QVERIFY(!serviceIds(*catalogue).contains(theirs));

        // Withdrawn: gone from the catalogue by the next hint.
        QCOMPARE(withdraw(m_server, QStringLiteral("laptop")).status, 204);
        QTRY_VERIFY_WITH_TIMEOUT(!serviceIds(*catalogue).contains(laptop), kTimeout);
    }

    void storedOnceWhenSentAgainAfterARestart()
    {
        const QString id = putService(QStringLiteral("once"), toUsers({ QStringLiteral("E1002") }));
        Session &session = open(QStringLiteral("device-once"));
        ClientStack &clients = stack();
        QSignalSpy synced(clients.part<CatalogueSync>(), &CatalogueSync::synced);
        QVERIFY(signInDemo(m_server, session, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(clients.part<CatalogueStore>()->service(id), kTimeout);

        SubmissionOutbox *outbox = clients.part<SubmissionOutbox>();
        QSignalSpy sent(outbox, &SubmissionOutbox::submissionSent);
        const auto queued = outbox->submit(id, {}, goodValues());
        QVERIFY(queued.queued());
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, kTimeout);
        const QString submissionId = sent.first().at(1).toString();
        QVERIFY(submissionId.startsWith(QLatin1String("sub_")));
        const QString key = outbox->entry(*queued.seq)->idempotencyKey;
        // It joins My requests at once.
        QCOMPARE(clients.part<RequestsStore>()->request(submissionId)->status,
            QStringLiteral("submitted"));

        // The answer lost: as if the app stopped before it read it. The row waits again.
        {
            const auto database = session.scope().database();
            SqlStatement unsent = database->prepare(
                "UPDATE selfservice_outbox SET state = 'pending', submission_id = NULL WHERE "
                "seq = ?1");
            unsent.bindInt64(1, *queued.seq);
            QVERIFY(unsent.exec());
        }
        // A restart: the same database, the session restored, a new stack. Its outbox sends
        // the waiting submission with the same key; the server answers the first answer again.
        Session &again = open(QStringLiteral("device-once"));
        QVERIFY(runToEnd(again, [&] { again.restore(); }));
        QCOMPARE(again.state(), Session::State::SignedIn);
        ClientStack &restarted = stack();
        SubmissionOutbox *resent = restarted.part<SubmissionOutbox>();
        QTRY_COMPARE_WITH_TIMEOUT(resent->pendingCount(), 0, kTimeout);
        const OutboxEntry entry = *resent->entry(*queued.seq);
        QCOMPARE(entry.state, QStringLiteral("sent"));
        QCOMPARE(entry.idempotencyKey, key);
        QCOMPARE(entry.submissionId, submissionId);
        QVERIFY(entry.attempts >= 2);
        // One submission at the sub-system.
        const QJsonArray listed = subsystemSubmissions(QStringLiteral("once"));
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().toObject().value(QStringLiteral("id")).toString(), submissionId);
    }

    // Requests and answers cut at random between the app and the server: every queued
    // submission reaches the sub-system exactly once, under the submission id its outbox kept.
    void onceUnderCutConnections()
    {
        const QString id = putService(QStringLiteral("cut"), toUsers({ QStringLiteral("E1002") }));
        const quint32 seed = QRandomGenerator::global()->generate();
        FaultyProxy proxy(seed);
        QVERIFY(proxy.listen());
        proxy.setTarget(quint16(m_server.url().port()));
        Session &session = open(QStringLiteral("device-cut"), proxy.port());
        ClientStack &clients = stack();
        QVERIFY(signInDemo(m_server, session, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(clients.part<CatalogueStore>()->service(id), kTimeout);

        proxy.setCutProbability(0.5, 1500);
        proxy.cutAll(); // the connections made so far were never to be cut
        SubmissionOutbox *outbox = clients.part<SubmissionOutbox>();
        constexpr int count = 8;
        QList<qint64> queued;
        for (int i = 0; i < count; ++i) {
            const auto submitted = outbox->submit(id, {}, goodValues());
            QVERIFY(submitted.queued());
            queued.append(*submitted.seq);
        }
        QTRY_COMPARE_WITH_TIMEOUT(outbox->pendingCount(), 0, kTimeout);
        qInfo("seed %u: %d of %d connections cut", seed, proxy.cutCount(), proxy.connectionCount());
        QVERIFY2(proxy.cutCount() > 0, qPrintable(QStringLiteral("seed %1").arg(seed)));
        QSet<QString> kept;
        for (const qint64 seq : std::as_const(queued)) {
            const auto entry = outbox->entry(seq);
            QVERIFY(entry);
            QCOMPARE(entry->state, QStringLiteral("sent"));
            kept.insert(entry->submissionId);
        }
        QCOMPARE(kept.size(), count);
        const QJsonArray listed = subsystemSubmissions(QStringLiteral("cut"));
        QSet<QString> stored;
        for (const auto &submission : listed)
            stored.insert(submission.toObject().value(QStringLiteral("id")).toString());
        QVERIFY2(listed.size() == count && stored == kept,
            qPrintable(QStringLiteral("seed %1: %2 stored for %3 queued, %4 connections cut")
                           .arg(seed)
                           .arg(listed.size())
                           .arg(count)
                           .arg(proxy.cutCount())));
    }

    void refusalKeptWithTheInputAndStatusArrivesLive()
    {
        const QString id =
            putService(QStringLiteral("status"), toUsers({ QStringLiteral("E1002") }));
        Session &session = open(QStringLiteral("device-status"));
        ClientStack &clients = stack();
        QVERIFY(signInDemo(m_server, session, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(clients.part<CatalogueStore>()->service(id), kTimeout);
        SubmissionOutbox *outbox = clients.part<SubmissionOutbox>();

        // A value this client's check let through (written straight to the outbox, as an older
        // app's might be) and the server refuses: failed, for good, naming the input.
        QSignalSpy failed(outbox, &SubmissionOutbox::submissionFailed);
        // What the app's form page hears: the service and the input errors to show beside them.
        QSignalSpy failedForTheForm(clients.part<SelfService>(), &SelfService::submissionFailed);
        {
            const auto database = session.scope().database();
            SqlStatement insert = database->prepare(
                "INSERT INTO selfservice_outbox (service_id, form_version, action, inputs, "
                "idempotency_key, created_at) VALUES (?1, 1, 'send', ?2, 'older-app-key', "
                "'2026-11-29T09:00:00Z')");
            insert.bindText(1, id);
            QJsonObject bad = goodValues();
            bad.insert(QStringLiteral("code"), QStringLiteral("abc"));
            insert.bindUtf8(2, QJsonDocument(bad).toJson(QJsonDocument::Compact));
            QVERIFY(insert.exec());
        }
        outbox->sendNow();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kTimeout);
        const OutboxEntry refused = outbox->entries().constLast();
        QCOMPARE(refused.state, QStringLiteral("failed"));
        QCOMPARE(refused.errors.size(), 1);
        QCOMPARE(refused.errors.first().toObject().value(QStringLiteral("input")).toString(),
            QStringLiteral("code"));
        QVERIFY(refused.message.startsWith(QStringLiteral("code: ")));
        QCOMPARE(failedForTheForm.size(), 1);
        QCOMPARE(failedForTheForm.first().at(1).toString(), id);
        const QVariantList besideTheFields = failedForTheForm.first().at(3).toList();
        QCOMPARE(besideTheFields.size(), 1);
        QCOMPARE(besideTheFields.first().toMap().value(QStringLiteral("input")).toString(),
            QStringLiteral("code"));
        QVERIFY(subsystemSubmissions(QStringLiteral("status")).isEmpty());
        // Sent again by nothing: it stays failed.
        outbox->sendNow();
        QCOMPARE(outbox->pendingCount(), 0);

        // A good one; then the sub-system's status reaches My requests through the stream.
        QSignalSpy sent(outbox, &SubmissionOutbox::submissionSent);
        QVERIFY(outbox->submit(id, QStringLiteral("send"), goodValues()).queued());
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, kTimeout);
        const QString submissionId = sent.first().at(1).toString();
        RequestsStore *requests = clients.part<RequestsStore>();
        QTRY_VERIFY_WITH_TIMEOUT(clients.part<InboxSync>()->isLive(), kTimeout);
        const HttpResult set = setStatus(m_server, submissionId,
            QJsonObject { { QStringLiteral("status"), QStringLiteral("in_progress") },
                { QStringLiteral("message"), QStringLiteral("Your manager has it.") } });
        QCOMPARE(set.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            requests->request(submissionId)->status, QStringLiteral("in_progress"), kTimeout);
        // My requests in the app: the status in words.
        const RequestsModel *model = clients.part<RequestsModel>();
        QCOMPARE(
            model->data(model->index(model->rowOf(submissionId)), RequestsModel::StatusTextRole)
                .toString(),
            QStringLiteral("In progress"));
        QCOMPARE(requests->request(submissionId)->message, QStringLiteral("Your manager has it."));
        QCOMPARE(setStatus(m_server, submissionId,
                     QJsonObject { { QStringLiteral("status"), QStringLiteral("done") } })
                     .status,
            200);
        QTRY_COMPARE_WITH_TIMEOUT(
            requests->request(submissionId)->status, QStringLiteral("done"), kTimeout);
        QVERIFY(requests->request(submissionId)->message.isEmpty());
    }

    void cliForm()
    {
        const QString id = putService(QStringLiteral("cli"), toUsers({ QStringLiteral("E1002") }));
        const QString data = m_dir.filePath(QStringLiteral("cli-data"));
        QVERIFY(m_cli.login(data, m_server, QStringLiteral("Ben Okafor")));

        const RunResult listed = m_cli.run(data, { QStringLiteral("services") });
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.output.contains(id.toUtf8()));

        const auto form = [&](const QString &code) {
            return m_cli.run(data,
                { QStringLiteral("form"), id, QStringLiteral("--set"),
                    QStringLiteral("summary=Family visit"), QStringLiteral("--set"),
                    QStringLiteral("days=3"), QStringLiteral("--set"),
                    QStringLiteral("kind=annual"), QStringLiteral("--set"),
                    QStringLiteral("code=") + code });
        };
        const RunResult bad = form(QStringLiteral("abc"));
        QCOMPARE(bad.exitCode, 1);
        QCOMPARE(errorCode(bad.output), QStringLiteral("invalid_inputs"));
        const QJsonArray errors = lastJson(bad.output)
                                      .value(QStringLiteral("error"))
                                      .toObject()
                                      .value(QStringLiteral("errors"))
                                      .toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().toObject().value(QStringLiteral("input")).toString(),
            QStringLiteral("code"));
        QVERIFY(subsystemSubmissions(QStringLiteral("cli")).isEmpty());

        const RunResult good = form(QStringLiteral("ABC"));
        QVERIFY2(good.exitCode == 0, good.output.constData());
        const QJsonObject result = lastJson(good.output);
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("submitted"));
        const QString submissionId = result.value(QStringLiteral("submissionId")).toString();
        QVERIFY(submissionId.startsWith(QLatin1String("sub_")));
        const QJsonArray theirs = subsystemSubmissions(QStringLiteral("cli"));
        QCOMPARE(theirs.size(), 1);
        QCOMPARE(theirs.first().toObject().value(QStringLiteral("id")).toString(), submissionId);

        const RunResult requests = m_cli.run(data, { QStringLiteral("requests") });
        QCOMPARE(requests.exitCode, 0);
        // Ben's earlier submissions (the tests above) are there too.
        QStringList listedIds;
        for (const QJsonObject &line : jsonLines(requests.output))
            listedIds.append(line.value(QStringLiteral("id")).toString());
        QVERIFY2(listedIds.contains(submissionId), qPrintable(listedIds.join(u' ')));
        QVERIFY(listedIds.size() >= 3);
    }
};

QTEST_GUILESS_MAIN(TestSelfServiceSync)
#include "tst_selfservice_sync.moc"
