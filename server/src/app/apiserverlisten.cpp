#include "app/apiserver.h"
#include "base/serverlogging.h"
#include "feed/streamhub.h"
#include "http/frontdoor.h"
#include "subsystems/webhookdispatcher.h"

#include <QFile>
#include <QHttpServer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QThreadPool>

// How the server listens, the last step of ApiServer::start: QHttpServer with the route table
// and the stream hub, behind the front door that reads each connection first (TLS when
// configured), on the configured address; the webhooks start once it listens.

namespace tessera::server {

bool ApiServer::listen(QString *error)
{
    m_http = std::make_unique<QHttpServer>();
    m_routes->registerWith(*m_http, m_pool.get());
    m_stream->attach(*m_http);
    // QHttpServer gets its connections from the front door, which reads them first.
    auto *frontDoor = new FrontDoor(
        m_config.http, [routes = m_routes.get()](QByteArrayView method, QByteArrayView target) {
            return routes->maxBodyBytesFor(method, target);
        });
    frontDoor->setClock([clock = &m_clock] { return clock->now(); });
    if (m_config.tls.isEnabled() && !setUpTls(*frontDoor, error)) {
        delete frontDoor;
        return false;
    }
    if (frontDoor->listen(m_config.listenAddress, m_config.listenPort)) {
        m_port = frontDoor->serverPort();
        m_http->bind(frontDoor); // QHttpServer owns it from here
    } else {
        qCCritical(lcServer) << "listen failed:" << frontDoor->errorString();
        delete frontDoor;
    }
    if (m_port != 0)
        m_webhooks->start();
    if (m_port == 0) {
        *error =
            QStringLiteral("cannot listen on %1:%2 (in use, or not an address of this machine)")
                .arg(m_config.listenAddress.toString())
                .arg(m_config.listenPort);
        return false;
    }
    if (!m_config.tls.isEnabled() && !m_config.listenAddress.isLoopback())
        qCWarning(lcServer) << "serving plain HTTP on a non-loopback address: configure tls";
    return true;
}

bool ApiServer::setUpTls(FrontDoor &frontDoor, QString *error)
{
    QFile certificateFile(m_config.tls.certificateFile);
    QFile keyFile(m_config.tls.keyFile);
    if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS certificate or key");
        return false;
    }
    const QList<QSslCertificate> chain =
        QSslCertificate::fromData(certificateFile.readAll(), QSsl::Pem);
    const QByteArray keyBytes = keyFile.readAll();
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : { QSsl::Rsa, QSsl::Ec, QSsl::Opaque }) {
        if (algorithm == QSsl::Opaque)
            break;
        key = QSslKey(keyBytes, algorithm, QSsl::Pem);
        if (!key.isNull())
            break;
    }
    if (chain.isEmpty() || key.isNull()) {
        *error = QStringLiteral("the TLS certificate or key is not PEM (RSA or EC keys only)");
        return false;
    }
    // As QHttpServer::sslSetup(certificate, key) would configure its own QSslServer.
    QSslConfiguration configuration;
    configuration.setLocalCertificate(chain.first());
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::SecureProtocols);
    frontDoor.setTls(configuration);
    return true;
}

QUrl ApiServer::url() const
{
    QUrl url;
    url.setScheme(m_config.tls.isEnabled() ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(m_config.listenAddress.toString());
    url.setPort(m_port);
    return url;
}

} // namespace tessera::server
