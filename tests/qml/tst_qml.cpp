// Qt Quick Test runner for tests/qml/tst_*.qml. The setup gives every QML engine the objects the
// Tessera module's singletons hand out, as the app's composition root does: a ServerConnection
// and a real Session aimed at a loopback port nobody listens on (so Server.check() ends
// "Unreachable" and a sign-in ends "no connection", without any network), the Session's secrets
// in memory and its database in a temporary folder, the inbox services that follow it (empty
// while signed out), this device's facts, and AppSettings. As in the app, every engine's network
// access is refused (RefusingNetworkFactory); HostileProbe (hostile_pages.qml, tst_qml_hostile)
// counts those refusals and the warnings logged.

#include "appsettings.h"
#include "attestfixture.h"
#include "clientservices.h"
#include "eventsfixture.h"
#include "fakes/testdeviceinfo.h"
#include "healthfixture.h"
#include "home/homecard.h"
#include "home/homestore.h"
#include "hostileprobe.h"
#include "identity/deviceid.h"
#include "identity/session.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"
#include "net/apiclient.h"
#include "net/serverconnection.h"
#include "net/serverendpoint.h"
#include "newsfixture.h"
#include "refusingnetworkfactory.h"
#include "selfservicefixture.h"
#include "serverconnectionforeign.h"
#include "services/clientschema.h"
#include "sessionforeign.h"
#include "storage/database.h"
#include "storage/memorysecretstore.h"
#include "surveysfixture.h"
#include "thisdevice.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QObject>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtQuickTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

namespace {

// A loopback port that was free a moment ago (nothing listens on it).
quint16 unusedLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 9;
    return probe.serverPort();
}

using tessera::test::TestDeviceInfo;

// One engine's Session with everything it uses; the session goes first.
class SessionFixture : public QObject
{
public:
    SessionFixture(const tessera::ServerEndpoint &endpoint, QObject *parent)
        : QObject(parent)
        , m_client(endpoint)
    {
        m_client.setTimeout(std::chrono::seconds(5));
        tessera::Session::Options options;
        options.databasePath = m_dir.filePath(QStringLiteral("tessera.db"));
        options.deviceId = QStringLiteral("qmltest-device-0001");
        m_session = std::make_unique<tessera::Session>(m_client, m_store, m_device, options);
        m_services = std::make_unique<tessera::ClientServices>(*m_session, m_store);
    }
    ~SessionFixture() override
    {
        m_services.reset();
        m_session.reset();
    }

    tessera::Session *session() const { return m_session.get(); }

private:
    QTemporaryDir m_dir;
    tessera::ApiClient m_client;
    tessera::MemorySecretStore m_store;
    TestDeviceInfo m_device { QStringLiteral("qml test") };
    std::unique_ptr<tessera::Session> m_session;
    std::unique_ptr<tessera::ClientServices> m_services;

public:
    tessera::ClientServices &services() const { return *m_services; }
};

// `InboxFixture` (import TesseraTest): fills the real inbox store behind the `Inbox` singleton
// with items as the server sends them, in a SQLCipher database of its own with every feature's
// tables (the session stays signed out: decisions made in a test wait in the real outbox and
// show as pending).
class InboxFixture : public QObject
{
    Q_OBJECT
public:
    InboxFixture(tessera::InboxStore &store, QObject *parent)
        : QObject(parent)
        , m_store(store)
    { }

    // Replaces the cache with these wire items (GET /v1/inbox's "items"); false with a warning
    // when one is not an item.
    Q_INVOKABLE bool seed(const QVariantList &items)
    {
        tessera::DatabaseOpenResult opened =
            tessera::Database::open(m_dir.filePath(QStringLiteral("inbox-%1.db").arg(++m_files)),
                tessera::Database::newKey(), tessera::clientSchema());
        if (!opened.ok()) {
            qWarning("cannot open a database: %s", qPrintable(opened.detail));
            return false;
        }
        QList<tessera::InboxItem> parsed;
        for (const QVariant &value : items) {
            QString error;
            const auto item =
                tessera::InboxItem::fromJson(QJsonObject::fromVariantMap(value.toMap()), &error);
            if (!item) {
                qWarning("not an inbox item: %s", qPrintable(error));
                return false;
            }
            parsed.append(*item);
        }
        m_store.setDatabase(opened.database);
        return m_store.applyDelta(parsed, QString::number(m_files));
    }

    // The words about an item's last decision, as a conflict or a refusal leaves them ("Already
    // approved by ..."), for the hostile test.
    Q_INVOKABLE bool setStatusText(const QString &itemId, const QString &text)
    {
        return m_store.setStatusText(itemId, text);
    }

    // The server's 422 invalid_inputs answer to the decision waiting on itemId, as the outbox
    // stores it (errors: [{input, message}]); false when none waits.
    Q_INVOKABLE bool refuseInputs(const QString &itemId, const QVariantList &errors)
    {
        const QList<tessera::PendingDecision> waiting = m_store.pendingDecisions();
        for (const tessera::PendingDecision &decision : waiting) {
            if (decision.itemId == itemId)
                return m_store.finishDecision(decision.seq, std::nullopt,
                    QStringLiteral("Not accepted: the inputs are not valid."),
                    QJsonArray::fromVariantList(errors));
        }
        return false;
    }
    // The card's inputs of the decision waiting on itemId (null when none waits or it has none).
    Q_INVOKABLE QVariant pendingInputs(const QString &itemId) const
    {
        const QList<tessera::PendingDecision> waiting = m_store.pendingDecisions();
        for (const tessera::PendingDecision &decision : waiting) {
            if (decision.itemId == itemId && decision.inputs)
                return decision.inputs->toVariantMap();
        }
        return {};
    }

private:
    tessera::InboxStore &m_store;
    QTemporaryDir m_dir;
    int m_files = 0;
};

// `HomeFixture` (import TesseraTest): fills the real Home store behind the `Home` singleton with
// cards as GET /v1/cards sends them, in a SQLCipher database of its own with every feature's
// tables.
class HomeFixture : public QObject
{
    Q_OBJECT
public:
    HomeFixture(tessera::HomeStore &store, QObject *parent)
        : QObject(parent)
        , m_store(store)
    { }

    // Replaces the cache with these wire cards; false with a warning when one is not a card.
    Q_INVOKABLE bool seed(const QVariantList &cards)
    {
        tessera::DatabaseOpenResult opened =
            tessera::Database::open(m_dir.filePath(QStringLiteral("home-%1.db").arg(++m_files)),
                tessera::Database::newKey(), tessera::clientSchema());
        if (!opened.ok()) {
            qWarning("cannot open a database: %s", qPrintable(opened.detail));
            return false;
        }
        m_store.setDatabase(opened.database);
        for (const QVariant &value : cards) {
            QString problem;
            const auto card =
                tessera::HomeCard::fromJson(QJsonObject::fromVariantMap(value.toMap()), &problem);
            if (!card || !m_store.upsert(*card)) {
                qWarning("not a home card: %s", qPrintable(problem));
                return false;
            }
        }
        return true;
    }

private:
    tessera::HomeStore &m_store;
    QTemporaryDir m_dir;
    int m_files = 0;
};

} // namespace

class QmlTestSetup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        HostileProbe::installMessageHandler();
        QQuickStyle::setStyle(QStringLiteral("Material"));
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // As in the app: the module's qmldir and QML files are in the resources (qrc:/Tessera).
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->setNetworkAccessManagerFactory(&m_network);
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(unusedLoopbackPort());
        QString error;
        const auto endpoint = tessera::ServerEndpoint::parse(
            url, tessera::ServerEndpoint::PlainHttp::AllowOnLoopback, &error);
        QVERIFY2(endpoint, qPrintable(error));
        // Parented to the engine: they live exactly as long as the engine that uses them.
        auto *client = new tessera::ApiClient(*endpoint, engine);
        client->setTimeout(std::chrono::seconds(5));
        auto *server = new tessera::ServerConnection(client, url, QString(), engine);
        auto *settings = new tessera::AppSettings(false, engine);
        auto *fixture = new SessionFixture(*endpoint, engine);
        TestDeviceInfo device { QStringLiteral("qml test") };
        auto *thisDevice = new tessera::ThisDevice(device, engine);
        tessera::ServerConnectionForeign::setInstance(server);
        tessera::AppSettings::setInstance(settings);
        tessera::SessionForeign::setInstance(fixture->session());
        tessera::ThisDevice::setInstance(thisDevice);
        fixture->services().publish();
        qmlRegisterSingletonInstance("TesseraTest", 1, 0, "InboxFixture",
            new InboxFixture(fixture->services().inboxStore(), fixture));
        qmlRegisterSingletonInstance("TesseraTest", 1, 0, "HomeFixture",
            new HomeFixture(*fixture->services().stack().part<tessera::HomeStore>(), fixture));
        qmlRegisterSingletonInstance("TesseraTest", 1, 0, "NewsFixture",
            new NewsFixture(fixture->services().stack(), fixture));
        qmlRegisterSingletonInstance("TesseraTest", 1, 0, "SurveysFixture",
            new SurveysFixture(fixture->services().stack(), fixture));
        qmlRegisterSingletonInstance("TesseraTest", 1, 0, "AttestFixture",
            new AttestFixture(fixture->services().stack(), fixture));
        qmlRegisterSingletonInstance("TesseraTest", 1, 0, "HealthFixture",
            new HealthFixture(fixture->services().stack(), fixture));
        qmlRegisterSingletonInstance("TesseraTest", 1, 0, "EventsFixture",
            new EventsFixture(fixture->services().stack(), fixture));
        qmlRegisterSingletonInstance("TesseraTest", 1, 0, "SelfServiceFixture",
            new SelfServiceFixture(fixture->services().stack(), fixture));
        qmlRegisterSingletonInstance(
            "TesseraTest", 1, 0, "HostileProbe", new HostileProbe(m_network, engine));
    }

private:
    // Outlives every engine of the run (the setup lives as long as main()).
    tessera::RefusingNetworkFactory m_network;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, QmlTestSetup)

#include "tst_qml.moc"
