#include "screenshotter.h"

#include "applogging.h"
#include "base/printtext.h"
#include "identity/session.h"
#include "inbox/inboxsync.h"
#include "net/serverconnection.h"
#include "scannercontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QQuickWindow>

#include <cstdio>

namespace tessera {

Screenshotter::Screenshotter(QQuickWindow *window, const ServerConnection *server,
    const Session *session, QString fileName, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_server(server)
    , m_session(session)
    , m_fileName(std::move(fileName))
{
    m_capTimer.setSingleShot(true);
    m_capTimer.setInterval(maxWaitMs);
    connect(&m_capTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcApp) << "screenshot: still waiting after" << maxWaitMs
                         << "ms (frame shown:" << m_frameSwapped << "server status:"
                         << (m_server ? m_server->status() : ServerConnection::Status::Unknown)
                         << "session state:"
                         << (m_session ? m_session->state() : Session::State::SignedOut)
                         << "); taking it now";
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
    if (m_server)
        connect(m_server, &ServerConnection::changed, this, &Screenshotter::maybeGrab);
    if (m_session)
        connect(m_session, &Session::stateChanged, this, &Screenshotter::maybeGrab);
    m_capTimer.start();
    m_window->requestUpdate();
}

void Screenshotter::setInboxSync(const InboxSync *sync)
{
    m_inboxSync = sync;
    connect(sync, &InboxSync::loadingChanged, this, &Screenshotter::maybeGrab);
}

void Screenshotter::waitForScan(const ScannerController *scanner, ScanShown shown)
{
    m_scanner = scanner;
    m_scanShown = shown;
    connect(scanner, &ScannerController::lastResultChanged, this, &Screenshotter::maybeGrab);
    connect(scanner, &ScannerController::recentScansChanged, this, &Screenshotter::maybeGrab);
    connect(scanner, &ScannerController::errorChanged, this, &Screenshotter::maybeGrab);
}

bool Screenshotter::scanShown() const
{
    const ScannerController *const scanner = m_scanner.data();
    if (!scanner || !scanner->errorMessage().isEmpty())
        return true;
    if (m_scanShown == ScanShown::Verdict)
        return !scanner->lastResult().isEmpty();
    return scanner->lastResult().isEmpty() && !scanner->recentScans().isEmpty();
}

bool Screenshotter::isReady() const
{
    const InboxSync *const sync = m_inboxSync.data();
    return m_frameSwapped && (!m_server || m_server->status() != ServerConnection::Status::Checking)
        && (!m_session || !m_session->isBusy()) && (!sync || !sync->isLoading()) && scanShown();
}

void Screenshotter::maybeGrab()
{
    if (m_grabScheduled || !isReady())
        return;
    m_grabScheduled = true;
    m_window->requestUpdate();
    QTimer::singleShot(settleMs, this, &Screenshotter::settled);
}

// The page may have moved on meanwhile (a QA sign-in starts when the restore ends): grab only
// when it is still ready, else wait for the next change.
void Screenshotter::settled()
{
    if (!m_capTimer.isActive())
        return; // the cap timer already took it
    if (!isReady()) {
        m_grabScheduled = false;
        return;
    }
    grab();
}

void Screenshotter::grab()
{
    m_capTimer.stop();
    if (!m_window) {
        printText(stderr, "tessera: screenshot failed: the window is gone\n");
        Q_EMIT finished(1);
        return;
    }
    const QImage image = m_window->grabWindow();
    if (image.isNull()) {
        printText(stderr, "tessera: screenshot failed: the window could not be grabbed\n");
        Q_EMIT finished(1);
        return;
    }
    QImageWriter writer(m_fileName, "png");
    if (!writer.write(image)) {
        printText(stderr,
            qPrintable(QStringLiteral("tessera: screenshot failed: cannot write %1: %2\n")
                           .arg(QDir::toNativeSeparators(m_fileName), writer.errorString())));
        Q_EMIT finished(1);
        return;
    }
    qCInfo(lcApp).noquote() << "screenshot saved:" << QFileInfo(m_fileName).absoluteFilePath()
                            << image.width() << 'x' << image.height();
    Q_EMIT finished(0);
}

} // namespace tessera
