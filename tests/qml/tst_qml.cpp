// Qt Quick Test runner for tests/qml/tst_*.qml. The setup gives every QML engine the objects the
// Tessera module's singletons hand out, as the app's composition root does: a ServerConnection
// aimed at a loopback port nobody listens on (so Server.check() ends "Unreachable" without any
// network) and AppSettings.

#include "apiclient.h"
#include "appsettings.h"
#include "serverconnection.h"
#include "serverconnectionforeign.h"
#include "serverendpoint.h"

#include <QHostAddress>
#include <QObject>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QTcpServer>
#include <QtQuickTest>

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
        tessera::ServerConnectionForeign::setInstance(server);
        tessera::AppSettings::setInstance(settings);
    }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, QmlTestSetup)

#include "tst_qml.moc"
