#include "scanner/mediafilesource.h"

#include "scanner/frameimage.h"
#include "scanner/scannerlogging.h"

#include <QFileInfo>
#include <QImageReader>
#include <QMediaPlayer>
#include <QUrl>

namespace tessera {

MediaFileSource::MediaFileSource(QObject *parent)
    : QObject(parent)
{
    m_imageTimer.setInterval(defaultImageFrameIntervalMs);
    connect(&m_imageTimer, &QTimer::timeout, this, &MediaFileSource::presentImageFrame);
}

MediaFileSource::~MediaFileSource()
{
    stop();
}

void MediaFileSource::setVideoSink(QVideoSink *sink)
{
    m_sink = sink;
    if (m_player)
        m_player->setVideoOutput(sink);
}

bool MediaFileSource::open(const QString &path, QString *error)
{
    stop();
    m_kind = Kind::None;
    m_image = QImage();
    m_player.reset();

    const QFileInfo info(path);
    if (!info.isFile()) {
        if (error)
            *error = QStringLiteral("no such file: %1").arg(path);
        return false;
    }

    QImageReader reader(path);
    if (reader.canRead()) {
        QImage image = reader.read();
        if (image.isNull()) {
            if (error)
                *error =
                    QStringLiteral("cannot read the image %1: %2").arg(path, reader.errorString());
            return false;
        }
        m_image = std::move(image);
        m_kind = Kind::Image;
        return true;
    }

    m_player = std::make_unique<QMediaPlayer>();
    m_player->setVideoOutput(m_sink.data());
    connect(m_player.get(), &QMediaPlayer::mediaStatusChanged, this,
        [this](QMediaPlayer::MediaStatus status) {
            if (status == QMediaPlayer::EndOfMedia)
                Q_EMIT finished();
            else if (status == QMediaPlayer::InvalidMedia)
                Q_EMIT errorOccurred(QStringLiteral("cannot play this video"));
        });
    connect(m_player.get(), &QMediaPlayer::errorOccurred, this,
        [this](QMediaPlayer::Error, const QString &message) {
            qCWarning(lcScanner) << "video source:" << message;
            Q_EMIT errorOccurred(message);
        });
    m_player->setSource(QUrl::fromLocalFile(info.absoluteFilePath()));
    m_kind = Kind::Video;
    return true;
}

void MediaFileSource::setImageFrameInterval(int milliseconds)
{
    m_imageTimer.setInterval(qMax(1, milliseconds));
}

void MediaFileSource::start()
{
    switch (m_kind) {
    case Kind::Image:
        presentImageFrame();
        m_imageTimer.start();
        break;
    case Kind::Video:
        m_player->play();
        break;
    case Kind::None:
        break;
    }
}

void MediaFileSource::stop()
{
    m_imageTimer.stop();
    if (m_player)
        m_player->stop();
}

void MediaFileSource::presentImageFrame()
{
    // A new frame each time, in the format cameras give: a sink ignores a frame it already has.
    if (m_sink)
        m_sink->setVideoFrame(videoFrameFromImage(m_image, QVideoFrameFormat::Format_YUV420P));
}

} // namespace tessera
