#include "scanengineitem.h"

#include "scanner/mediafilesource.h"
#include "scanner/scanner.h"

#include <QVideoFrame>

namespace tessera {

ScanEngineItem::ScanEngineItem(QObject *parent)
    : QObject(parent)
    , m_source(std::make_unique<MediaFileSource>())
{
    connect(m_source.get(), &MediaFileSource::finished, this, [this]() {
        if (m_handlers.fileFinished)
            m_handlers.fileFinished();
    });
    connect(m_source.get(), &MediaFileSource::errorOccurred, this, [this](const QString &message) {
        if (m_handlers.fileError)
            m_handlers.fileError(message);
    });
}

ScanEngineItem::~ScanEngineItem()
{
    m_source->stop();
    if (m_scanner)
        m_scanner->setVideoSink(nullptr);
}

void ScanEngineItem::setSink(QVideoSink *sink)
{
    if (m_sink.data() == sink)
        return;
    m_sink = sink;
    m_source->setVideoSink(sink);
    if (m_scanner)
        m_scanner->setVideoSink(sink);
    Q_EMIT videoSinkChanged();
}

void ScanEngineItem::setHandlers(Handlers handlers)
{
    m_handlers = std::move(handlers);
}

void ScanEngineItem::scan(const pass::PassVerifier &verifier, const pass::CheckProcess &process,
    std::function<qint64()> clock)
{
    if (m_scanner) {
        m_scanner->setVerifier(verifier);
        m_scanner->setCheckProcess(process);
        m_scanner->setClock(std::move(clock));
        return;
    }
    m_scanner = std::make_unique<Scanner>(verifier, process);
    m_scanner->setClock(std::move(clock));
    connect(m_scanner.get(), &Scanner::resultReady, this, [this](const ScanResult &result) {
        if (m_handlers.result)
            m_handlers.result(result);
    });
    connect(m_scanner.get(), &Scanner::frameProcessed, this, [this]() {
        if (m_handlers.frameProcessed)
            m_handlers.frameProcessed();
    });
    m_scanner->setVideoSink(m_sink.data());
}

void ScanEngineItem::stopScanning()
{
    if (!m_scanner)
        return;
    m_scanner->setVideoSink(nullptr);
    m_scanner.reset();
}

bool ScanEngineItem::openFile(const QString &path, FileKind *kind, QString *error)
{
    if (!m_source->open(path, error))
        return false;
    if (kind) {
        *kind =
            m_source->kind() == MediaFileSource::Kind::Image ? FileKind::Image : FileKind::Video;
    }
    return true;
}

void ScanEngineItem::startFile()
{
    m_source->start();
}

void ScanEngineItem::stopFile()
{
    m_source->stop();
}

void ScanEngineItem::clearFrame()
{
    if (QVideoSink *sink = m_sink.data())
        sink->setVideoFrame(QVideoFrame());
}

} // namespace tessera
