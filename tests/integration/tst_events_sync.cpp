// Events on the client against the real server over TLS (the events wire contract):
// a sub-system's key with events:write puts an event for Ben and Asha (capacity 1) and one for
// Asha only; signed-in client stacks with the Events feature sync them into their SQLCipher
// caches and models (never the other audience's event); Ben's "going" goes through the RSVP
// outbox (shown at once as pending, then the server's answer); Asha's "going" joins the waiting
// list at place 1; Ben's "no" moves her up (her device gets the event again as going, through the
// live hint or the next sync); the organizer's DELETE leaves the event cancelled with sequence + 1
// and the iCalendar file then says CANCEL.
// Written without the server's code: the lead adds it to tests/integration/CMakeLists.txt
// (tessera_add_test(tst_events_sync LABEL integration SOURCES tst_events_sync.cpp
// LIBS tessera_testharness tessera_core tessera_core_services ...), as tst_news_sync is).
#include "events/eventrsvpoutbox.h"
#include "events/eventsmodel.h"
#include "events/eventstore.h"
#include "events/eventsync.h"
#include "events/icalendar.h"
#include "inbox/inboxsync.h"
#include "inboxserverfixture.h"
#include "services/clientschema.h"

using namespace tessera;
using namespace tessera::test;

namespace {

// One installation of the app with Events (and the inbox it needs: its live stream).
struct EventsDevice : Installation
{
    EventStore *store = nullptr;
    EventSync *sync = nullptr;
    EventRsvpOutbox *outbox = nullptr;
    EventsModel *model = nullptr;

    EventsDevice(const QUrl &server, const QString &caFile, SecretStore &secrets,
        const DeviceInfo &info, const QString &databasePath, const QString &deviceId)
        : Installation(server, caFile, secrets, info, sessionOptions(databasePath, deviceId),
            ClientStack::Feature::Events)
    {
        store = stack->part<EventStore>();
        sync = stack->part<EventSync>();
        outbox = stack->part<EventRsvpOutbox>();
        model = stack->part<EventsModel>();
    }

    static Session::Options sessionOptions(const QString &databasePath, const QString &deviceId)
    {
        Session::Options options { databasePath, deviceId, {} };
        options.schema = clientSchema();
        return options;
    }

    QStringList ids() const
    {
        QStringList ids;
        for (int row = 0; row < model->rowCount(); ++row)
            ids.append(model->data(model->index(row), EventsModel::EventIdRole).toString());
        return ids;
    }

    QString answer(const QString &id) const
    {
        const auto stored = store->find(id);
        return stored ? stored->item.myAnswer : QStringLiteral("(none)");
    }
};

} // namespace

class TestEventsSync : public QObject, protected InboxServerFixture
{
    Q_OBJECT

    // PUT /v1/subsystem/events/{eventId} with the demo key (events:write); the server's id.
    static QString put(const ServerProcess &server, const QString &eventId, const QString &title,
        const QStringList &users, int capacity)
    {
        const QJsonObject body { { QStringLiteral("title"), title },
            { QStringLiteral("description"), QStringLiteral("**Bring** a laptop") },
            { QStringLiteral("start"), QStringLiteral("2030-07-10T10:00:00+02:00") },
            { QStringLiteral("end"), QStringLiteral("2030-07-10T12:00:00+02:00") },
            { QStringLiteral("timeZone"), QStringLiteral("Europe/Berlin") },
            { QStringLiteral("capacity"), capacity },
            { QStringLiteral("audience"),
                QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(users) } } } };
        const HttpResult answer =
            httpRequest("PUT", server.url(QStringLiteral("/v1/subsystem/events/") + eventId),
                compactJson(body), bearer(apiKey(server)));
        if (answer.status != 201 && answer.status != 200)
            qWarning("event put answered %d: %s", answer.status, answer.body.constData());
        return answer.json().value(QStringLiteral("id")).toString();
    }

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void syncAnswerWaitMoveUpCancel()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString party = put(server, QStringLiteral("party"), QStringLiteral("Party"),
            { QStringLiteral("E1001"), QStringLiteral("E1002") }, 1);
        const QString ashas = put(server, QStringLiteral("ashas"), QStringLiteral("Asha only"),
            { QStringLiteral("E1001") }, 10);
        QVERIFY(!party.isEmpty() && !ashas.isEmpty());

        MemorySecretStore benSecrets;
        EventsDevice ben(server.url(), m_ca.caFile(), benSecrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.stack->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_COMPARE_WITH_TIMEOUT(ben.ids(), QStringList { party }, kTimeout);
        const EventItem synced = ben.store->find(party)->item;
        QCOMPARE(synced.start, QDateTime(QDate(2030, 7, 10), QTime(8, 0), Qt::UTC));
        QCOMPARE(synced.timeZone, QStringLiteral("Europe/Berlin"));
        QCOMPARE(synced.capacity, 1);
        QCOMPARE(synced.sequence, 0);
        QVERIFY(synced.myAnswer.isEmpty());

        // Ben goes: pending at once, then the server's "going".
        QSignalSpy benAnswered(ben.outbox, &EventRsvpOutbox::rsvpAnswered);
        QCOMPARE(ben.model->rsvp(party, QStringLiteral("going")), QString());
        QCOMPARE(ben.answer(party), QStringLiteral("going"));
        QTRY_VERIFY_WITH_TIMEOUT(!benAnswered.isEmpty(), kTimeout);
        QCOMPARE(benAnswered.constFirst().at(1).toString(), QStringLiteral("going"));
        QCOMPARE(ben.store->pendingRsvpCount(), 0);

        // Asha: full, so she waits at place 1.
        MemorySecretStore ashaSecrets;
        EventsDevice asha(server.url(), m_ca.caFile(), ashaSecrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("asha-phone"));
        asha.stack->start();
        QVERIFY(signIn(asha, server, QStringLiteral("Asha Rao")));
        QTRY_COMPARE_WITH_TIMEOUT(asha.ids().size(), 2, kTimeout);
        QSignalSpy ashaAnswered(asha.outbox, &EventRsvpOutbox::rsvpAnswered);
        QCOMPARE(asha.model->rsvp(party, QStringLiteral("going")), QString());
        QTRY_VERIFY_WITH_TIMEOUT(!ashaAnswered.isEmpty(), kTimeout);
        QCOMPARE(ashaAnswered.constFirst().at(1).toString(), QStringLiteral("waiting"));
        QCOMPARE(ashaAnswered.constFirst().at(2).toInt(), 1);
        QCOMPARE(asha.store->find(party)->item.waitingPlace, 1);

        // Ben says no: Asha moves up (her device hears it live or at the next sync).
        QCOMPARE(ben.model->rsvp(party, QStringLiteral("no")), QString());
        QTRY_COMPARE_WITH_TIMEOUT(benAnswered.size(), 2, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(asha.stack->part<InboxSync>()->isLive(), kTimeout);
        asha.sync->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(asha.answer(party), QStringLiteral("going"), kTimeout);
        QCOMPARE(asha.store->find(party)->item.waitingPlace, 0);

        // Cancelled by the organizer: still listed, cancelled, sequence + 1; the file says so.
        QCOMPARE(httpRequest("DELETE", server.url(QStringLiteral("/v1/subsystem/events/party")), {},
                     bearer(apiKey(server)))
                     .status,
            204);
        ben.sync->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(ben.store->find(party)->item.cancelled, kTimeout);
        const EventItem cancelled = ben.store->find(party)->item;
        QCOMPARE(cancelled.sequence, 1);
        const QByteArray ics = ICalendar::write(cancelled, server.url().host());
        QVERIFY(ics.contains("METHOD:CANCEL\r\n"));
        QVERIFY(ics.contains("SEQUENCE:1\r\n"));
        QCOMPARE(ben.store->rsvp(party, QStringLiteral("going")), EventStore::RsvpResult::Closed);
    }
};

QTEST_GUILESS_MAIN(TestEventsSync)
#include "tst_events_sync.moc"
