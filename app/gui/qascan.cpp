#include "qascan.h"

#include "applogging.h"
#include "scannercontroller.h"

#include <QTimer>
#include <QUrl>
#include <QVariantMap>

namespace tessera {

QaScan::QaScan(ScannerController &controller, QString file, QString process, bool dismissVerdict,
    QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_file(std::move(file))
    , m_process(std::move(process))
    , m_dismissVerdict(dismissVerdict)
    , m_syncSeen(controller.isSyncing())
{
    connect(&m_controller, &ScannerController::lastResultChanged, this, [this] {
        if (m_started && m_dismissVerdict && !m_controller.lastResult().isEmpty())
            QTimer::singleShot(0, &m_controller, &ScannerController::clearResult);
    });
    connect(&m_controller, &ScannerController::readyChanged, this, &QaScan::tryStart);
    connect(&m_controller, &ScannerController::engineChanged, this, &QaScan::tryStart);
    connect(&m_controller, &ScannerController::processesChanged, this, &QaScan::tryStart);
    // The trust list kept from the last run makes the scanner ready before the sync at start
    // has begun: wait for that sync to run and end (it brings the latest revocations). The
    // session is restored asynchronously, so it cannot have run before this object exists.
    connect(&m_controller, &ScannerController::syncChanged, this, [this] {
        if (m_controller.isSyncing())
            m_syncSeen = true;
        tryStart();
    });
    tryStart();
}

void QaScan::tryStart()
{
    if (m_started || !m_syncSeen || !m_controller.isReady() || m_controller.isSyncing()
        || !m_controller.videoSink())
        return;
    if (!m_process.isEmpty() && m_controller.process() != m_process) {
        const QVariantList processes = m_controller.processes();
        const bool offered =
            std::any_of(processes.cbegin(), processes.cend(), [this](const QVariant &entry) {
                return entry.toMap().value(QStringLiteral("name")).toString() == m_process;
            });
        if (!offered) {
            m_started = true;
            Q_EMIT failed(
                QStringLiteral("the server offers no check process \"%1\"").arg(m_process));
            return;
        }
        m_controller.setProcess(m_process);
    }
    m_started = true;
    qCInfo(lcApp).noquote() << "QA scan of" << m_file << "for" << m_controller.process();
    if (!m_controller.openFile(QUrl::fromLocalFile(m_file)))
        Q_EMIT failed(m_controller.errorMessage());
}

} // namespace tessera
