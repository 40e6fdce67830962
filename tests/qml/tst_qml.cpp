// Qt Quick Test runner for tests/qml/tst_*.qml. The setup gives every QML engine the objects the
// Tessera module's singletons hand out, as the app's composition root does: a ServerConnection
// and a real Session aimed at a loopback port nobody listens on (so Server.check() ends
// "Unreachable" and a sign-in ends "no connection", without any network), the Session's secrets
// in memory and its database in a temporary folder, this device's facts, and AppSettings.

#include "apiclient.h"
#include "appsettings.h"
#include "deviceid.h"
#include "deviceinfo.h"
#include "memorysecretstore.h"
#include "serverconnection.h"
#include "serverconnectionforeign.h"
#include "serverendpoint.h"
#include "session.h"
#include "sessionforeign.h"
#include "thisdevice.h"

#include <QHostAddress>
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

class TestDeviceInfo final : public tessera::DeviceInfo
{
public:
    QString platform() const override { return QStringLiteral("linux"); }
    QString osVersion() const override { return QStringLiteral("Debian 12"); }
    QString model() const override { return QStringLiteral("qml test"); }
};

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
    }
    ~SessionFixture() override { m_session.reset(); }

    tessera::Session *session() const { return m_session.get(); }

private:
    QTemporaryDir m_dir;
    tessera::ApiClient m_client;
    tessera::MemorySecretStore m_store;
    TestDeviceInfo m_device;
    std::unique_ptr<tessera::Session> m_session;
};

} // namespace

class QmlTestSetup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Material")); }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // As in the app: the module's qmldir and QML files are in the resources (qrc:/Tessera).
        engine->addImportPath(QStringLiteral("qrc:/"));
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
        TestDeviceInfo device;
        auto *thisDevice = new tessera::ThisDevice(device, engine);
        tessera::ServerConnectionForeign::setInstance(server);
        tessera::AppSettings::setInstance(settings);
        tessera::SessionForeign::setInstance(fixture->session());
        tessera::ThisDevice::setInstance(thisDevice);
    }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, QmlTestSetup)

#include "tst_qml.moc"
