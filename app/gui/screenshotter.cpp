#include "screenshotter.h"

#include "applogging.h"
#include "serverconnection.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QQuickWindow>

#include <cstdio>

namespace tessera {

Screenshotter::Screenshotter(
    QQuickWindow *window, const ServerConnection *server, QString fileName, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_server(server)
    , m_fileName(std::move(fileName))
{
    m_capTimer.setSingleShot(true);
    m_capTimer.setInterval(maxWaitMs);
    connect(&m_capTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcApp) << "screenshot: still waiting after" << maxWaitMs
                         << "ms (frame shown:" << m_frameSwapped
                         << "server status:" << m_server->status() << "); taking it now";
        m_frameSwapped = true;
        m_grabScheduled = true;
        grab();
    });
}

void Screenshotter::start()
{
    connect(m_window, &QQuickWindow::frameSwapped, this, [this] {
        m_frameSwapped = true;
        maybeGrab();
    });
    connect(m_server, &ServerConnection::changed, this, &Screenshotter::maybeGrab);
    m_capTimer.start();
    m_window->requestUpdate();
}

void Screenshotter::maybeGrab()
{
    if (m_grabScheduled || !m_frameSwapped
        || m_server->status() == ServerConnection::Status::Checking)
        return;
    m_grabScheduled = true;
    m_window->requestUpdate();
    QTimer::singleShot(settleMs, this, &Screenshotter::grab);
}

void Screenshotter::grab()
{
    m_capTimer.stop();
    if (!m_window) {
        std::fprintf(stderr, "tessera: screenshot failed: the window is gone\n");
        Q_EMIT finished(1);
        return;
    }
    const QImage image = m_window->grabWindow();
    if (image.isNull()) {
        std::fprintf(stderr, "tessera: screenshot failed: the window could not be grabbed\n");
        Q_EMIT finished(1);
        return;
    }
    QImageWriter writer(m_fileName, "png");
    if (!writer.write(image)) {
        std::fprintf(stderr, "tessera: screenshot failed: cannot write %s: %s\n",
            qPrintable(QDir::toNativeSeparators(m_fileName)), qPrintable(writer.errorString()));
        Q_EMIT finished(1);
        return;
    }
    qCInfo(lcApp).noquote() << "screenshot saved:" << QFileInfo(m_fileName).absoluteFilePath()
                            << image.width() << 'x' << image.height();
    Q_EMIT finished(0);
}

} // namespace tessera
