// The client stack (core/services) against the real server from the harness: for a signed-in
// session it builds every feature (inbox store, sync and stream, the decision outbox, the model
// and history, the pass, the scanner's trust sync and uploads), starts them, lets them follow a
// sign-out (no database, no stream, no pass left) and destroys every part with itself; the
// options that differ per user (no live stream, the app's start-up gate, features added later).
#include "analytics/analyticsqueue.h"
#include "analytics/analyticsrecorder.h"
#include "analytics/analyticsuploader.h"
#include "demoaccounts.h"
#include "events/eventrsvpoutbox.h"
#include "events/eventsmodel.h"
#include "events/eventstore.h"
#include "events/eventsync.h"
#include "feed/streamclient.h"
#include "health/healthrecordsmodel.h"
#include "home/homemodel.h"
#include "home/homestore.h"
#include "home/homesync.h"
#include "identity/session.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxhistory.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "net/apiclient.h"
#include "net/serverendpoint.h"
#include "news/newsmodel.h"
#include "news/newsreadoutbox.h"
#include "news/newsstore.h"
#include "news/newssync.h"
#include "pass/passholder.h"
#include "push/pushclient.h"
#include "scanner/scannersync.h"
#include "scanner/scanuploader.h"
#include "selfservice/cataloguemodel.h"
#include "selfservice/cataloguestore.h"
#include "selfservice/requestsmodel.h"
#include "selfservice/selfservice.h"
#include "selfservice/submissionoutbox.h"
#include "serverprocess.h"
#include "services/clientschema.h"
#include "services/clientstack.h"
#include "sessiontesting.h"
#include "storage/memorysecretstore.h"
#include "surveys/surveyansweroutbox.h"
#include "surveys/surveysmodel.h"
#include "surveys/surveystore.h"
#include "surveys/surveysync.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr int kTimeout = 60000; // generous: nothing here measures time

} // namespace

class TestClientStack : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    TestDeviceInfo m_deviceInfo { QStringLiteral("stack test") };
    MemorySecretStore m_secrets;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<Session> m_session;
    int m_devices = 0;

    // A new device: its API client and Session, signed out.
    Session &open()
    {
        m_session.reset();
        QString error;
        const auto endpoint = ServerEndpoint::parse(
            m_server->url().toString(), ServerEndpoint::PlainHttp::AllowOnLoopback, &error);
        if (!endpoint)
            qFatal("bad server address: %s", qPrintable(error));
        m_api = std::make_unique<ApiClient>(*endpoint);
        const QString name = QStringLiteral("device-%1").arg(++m_devices);
        m_session = std::make_unique<Session>(*m_api, m_secrets, m_deviceInfo,
            Session::Options {
                m_dir.filePath(name + QStringLiteral(".db")), name, {}, clientSchema() });
        return *m_session;
    }

    bool signIn(Session &session, const QString &displayName)
    {
        return signInDemo(*m_server, session, displayName);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<ServerProcess>();
        ServerProcess::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("server"));
        QVERIFY2(m_server->start(options), qPrintable(m_server->error()));
    }

    void cleanup() { m_session.reset(); }

    // The schema the app and the CLI open their database with: base first, every feature's list
    // well formed.
    void clientSchemaIsValid()
    {
        QString error;
        QVERIFY2(clientSchema().validate(&error), qPrintable(error));
        QCOMPARE(clientSchema().features().constFirst().feature, DatabaseSchema::baseFeature());
    }

    void buildsStartsAndFollowsTheSession()
    {
        Session &session = open();
        const int sessionChildren = int(session.children().size());
        auto stack = std::make_unique<ClientStack>(session, m_secrets);
        QVERIFY(stack->has(ClientStack::Feature::Inbox));
        QVERIFY(stack->has(ClientStack::Feature::ScanUploads));
        const QList<QPointer<QObject>> parts = [&] {
            QList<QPointer<QObject>> all;
            for (QObject *part : stack->parts())
                all.append(part);
            return all;
        }();
        // Inbox 2, decisions 1, inbox view 2, pass 1, scanner 2, home 3, self-service 8 (the
        // stores, syncs and outbox, and the Services pages' two models and their facade), news 4
        // (store, sync, read outbox, model), events 4 (store, sync, RSVP outbox, model), surveys 4
        // (store, sync, answer outbox, model), analytics 3 (queue, recorder, uploader),
        // attestations 3 (store, outbox, the page's object), health 1 (the records model), push 1
        // (the push client, idle without a platform channel).
        QCOMPARE(parts.size(), 39);
        QVERIFY(stack->part<HealthRecordsModel>());
        QVERIFY(stack->has(ClientStack::Feature::Push) && stack->part<PushClient>());
        QVERIFY(!stack->part<PushClient>()->channel());
        QVERIFY(stack->part<AnalyticsQueue>() && stack->part<AnalyticsRecorder>()
            && stack->part<AnalyticsUploader>());
        QVERIFY(stack->part<SurveyStore>() && stack->part<SurveySync>()
            && stack->part<SurveyAnswerOutbox>() && stack->part<SurveysModel>());
        QVERIFY(stack->part<NewsStore>() && stack->part<NewsSync>() && stack->part<NewsReadOutbox>()
            && stack->part<NewsModel>());
        QVERIFY(stack->part<EventStore>() && stack->part<EventSync>()
            && stack->part<EventRsvpOutbox>() && stack->part<EventsModel>());
        HomeStore *home = stack->part<HomeStore>();
        HomeSync *homeSync = stack->part<HomeSync>();
        QVERIFY(home && homeSync && stack->part<HomeModel>());
        InboxStore *store = stack->part<InboxStore>();
        InboxSync *sync = stack->part<InboxSync>();
        InboxModel *model = stack->part<InboxModel>();
        PassHolder *pass = stack->part<PassHolder>();
        ScannerSync *scanner = stack->part<ScannerSync>();
        ScanUploader *uploader = stack->part<ScanUploader>();
        QVERIFY(store && sync && model && pass && scanner && uploader);
        QVERIFY(stack->part<DecisionOutbox>());
        QVERIFY(stack->part<InboxHistory>());
        QVERIFY(stack->part<CatalogueStore>() && stack->part<SubmissionOutbox>());
        QVERIFY(stack->part<CatalogueModel>() && stack->part<RequestsModel>()
            && stack->part<SelfService>());
        QVERIFY(!store->hasDatabase());

        QSignalSpy synced(sync, &InboxSync::synced);
        QSignalSpy homeSynced(homeSync, &HomeSync::synced);
        stack->start();
        QVERIFY(signIn(session, QStringLiteral("Ben Okafor")));
        QVERIFY(store->hasDatabase());
        QVERIFY(uploader->queue());
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(sync->isLive(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!homeSynced.isEmpty(), kTimeout);
        QVERIFY(home->hasDatabase());
        QVERIFY(!home->cursor().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(pass->state(), PassHolder::State::Ready, kTimeout);
        QVERIFY(!pass->qrText().isEmpty());
        // Ben is no scanner: the trust sync ran and says so.
        QTRY_VERIFY_WITH_TIMEOUT(!scanner->isBusy(), kTimeout);
        QCOMPARE(scanner->state(), ScannerSync::State::Error);

        // Background and back: the stream closes and opens again.
        stack->setForeground(false);
        QTRY_VERIFY_WITH_TIMEOUT(!sync->isLive(), kTimeout);
        stack->setForeground(true);
        QTRY_VERIFY_WITH_TIMEOUT(sync->isLive(), kTimeout);

        // Signed out: every feature has let go of the session's database and work.
        QVERIFY(runToEnd(session, [&] { session.signOut(); }));
        QCOMPARE(session.state(), Session::State::SignedOut);
        QVERIFY(!store->hasDatabase());
        QVERIFY(!home->hasDatabase());
        QTRY_VERIFY_WITH_TIMEOUT(!sync->isLive(), kTimeout);
        QCOMPARE(model->rowCount(), 0);
        QCOMPARE(pass->state(), PassHolder::State::NoPass);
        QVERIFY(pass->qrText().isEmpty());
        QVERIFY(!uploader->queue());

        // Torn down: every part goes with the stack, nothing is left on the session.
        stack.reset();
        for (const QPointer<QObject> &part : parts)
            QVERIFY(part.isNull());
        QCOMPARE(int(session.children().size()), sessionChildren);
    }

    void optionsDifferPerUser()
    {
        Session &session = open();
        // The CLI's inbox: no live stream, the outbox only once the inbox has synced.
        ClientStack::Options options;
        options.features = ClientStack::Feature::Inbox;
        options.liveStream = false;
        ClientStack stack(session, m_secrets, options);
        QVERIFY(!stack.has(ClientStack::Feature::Decisions));
        QVERIFY(!stack.part<DecisionOutbox>());
        QVERIFY(!stack.part<PassHolder>());
        QVERIFY(!stack.part<ScannerSync>());
        QCOMPARE(stack.parts().size(), 2);
        QVERIFY(signIn(session, QStringLiteral("Ben Okafor")));
        InboxSync *sync = stack.part<InboxSync>();
        QSignalSpy synced(sync, &InboxSync::synced);
        sync->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QVERIFY(!sync->isLive());
        QVERIFY(!sync->stream().isActive());

        // A feature added later brings what it needs once, and finds the inbox's parts.
        stack.add(ClientStack::Feature::Decisions | ClientStack::Feature::Inbox);
        QVERIFY(stack.has(ClientStack::Feature::Decisions));
        QCOMPARE(stack.parts().size(), 3);
        DecisionOutbox *outbox = stack.part<DecisionOutbox>();
        QVERIFY(outbox);
        QCOMPARE(outbox->pendingCount(), 0);
        QVERIFY(runToEnd(session, [&] { session.signOut(); }));
    }

    void holdsServicesUntilReleased()
    {
        // The app's start-up gate: each sign-in holds the features until the app releases them.
        Session &session = open();
        ClientStack::Options options;
        options.features = ClientStack::Feature::Inbox | ClientStack::Feature::Pass;
        options.holdServicesOnSignIn = true;
        ClientStack stack(session, m_secrets, options);
        stack.start();
        QVERIFY(signIn(session, QStringLiteral("Ben Okafor")));
        QVERIFY(session.servicesHeld());
        InboxSync *sync = stack.part<InboxSync>();
        QVERIFY(sync->isLoading()); // due as soon as released
        QVERIFY(!sync->stream().isActive());
        QCOMPARE(stack.part<PassHolder>()->state(), PassHolder::State::NoPass);
        session.releaseServices();
        QTRY_VERIFY_WITH_TIMEOUT(sync->isLive(), kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            stack.part<PassHolder>()->state(), PassHolder::State::Ready, kTimeout);
        QVERIFY(runToEnd(session, [&] { session.signOut(); }));
    }
};

QTEST_GUILESS_MAIN(TestClientStack)
#include "tst_clientstack.moc"
