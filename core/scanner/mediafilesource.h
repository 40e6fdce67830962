#pragma once

#include <QImage>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QVideoSink>

#include <memory>

class QMediaPlayer;

namespace tessera {

// Frames from a file instead of a camera, for desktop QA and tessera-cli: an image file shown
// as a steady stream of frames (as a camera pointed at a picture would give), or a video file
// played by QtMultimedia (GStreamer on Linux) into the same QVideoSink a camera would feed.
class MediaFileSource : public QObject
{
    Q_OBJECT

public:
    enum class Kind { None, Image, Video };

    static constexpr int defaultImageFrameIntervalMs = 100; // 10 frames a second

    explicit MediaFileSource(QObject *parent = nullptr);
    ~MediaFileSource() override;

    // Where the frames go (not owned).
    void setVideoSink(QVideoSink *sink);

    // An image file Qt can read (PNG, JPEG, ...) or else a video file. false, with the reason
    // in error, for a file that does not exist or an image that cannot be read.
    bool open(const QString &path, QString *error = nullptr);
    Kind kind() const { return m_kind; }
    // The image of an image file (null for a video).
    QImage image() const { return m_image; }

    void setImageFrameInterval(int milliseconds);

    // A video plays once; an image is given as a frame every interval until stop().
    void start();
    void stop();

Q_SIGNALS:
    // The video reached its end (images go on until stop()).
    void finished();
    // The video cannot be played: plain words.
    void errorOccurred(const QString &message);

private:
    void presentImageFrame();

    Kind m_kind = Kind::None;
    QPointer<QVideoSink> m_sink;
    QImage m_image;
    QTimer m_imageTimer;
    std::unique_ptr<QMediaPlayer> m_player;
};

} // namespace tessera
