#pragma once

#include "scanengine.h"

#include <QObject>
#include <QPointer>
#include <QVideoSink>
#include <QtQmlIntegration>

#include <memory>

namespace tessera {

class MediaFileSource;
class Scanner;

// `ScanEngine` (import Tessera.Scanner): the ScanEngine of the Scanner page, in the plugin loaded
// with it. A Scanner (worker thread, ZXing-cpp) on the frames of videoSink (the page's
// VideoOutput), fed by the camera or by a MediaFileSource (an image or video file). The page hands
// it to ScannerControl.engine, which drives it through the ScanEngine interface.
class ScanEngineItem : public QObject, public ScanEngine
{
    Q_OBJECT
    Q_INTERFACES(tessera::ScanEngine)
    QML_NAMED_ELEMENT(ScanEngine)
    Q_PROPERTY(QVideoSink *videoSink READ sink WRITE setSink NOTIFY videoSinkChanged)

public:
    explicit ScanEngineItem(QObject *parent = nullptr);
    ~ScanEngineItem() override;

    QVideoSink *sink() const { return m_sink.data(); }
    void setSink(QVideoSink *sink);

    void setHandlers(Handlers handlers) override;
    void scan(const pass::PassVerifier &verifier, const pass::CheckProcess &process,
        std::function<qint64()> clock) override;
    void stopScanning() override;
    QObject *videoSink() const override { return m_sink.data(); }
    bool openFile(const QString &path, FileKind *kind, QString *error) override;
    void startFile() override;
    void stopFile() override;
    void clearFrame() override;

Q_SIGNALS:
    void videoSinkChanged();

private:
    Handlers m_handlers;
    std::unique_ptr<Scanner> m_scanner;
    std::unique_ptr<MediaFileSource> m_source;
    QPointer<QVideoSink> m_sink;
};

} // namespace tessera
