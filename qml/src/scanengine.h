#pragma once

#include "protocol/checkprocess.h"
#include "protocol/passverifier.h"
#include "scanner/scanresult.h"

#include <QObject>
#include <QString>
#include <QtPlugin>

#include <functional>

namespace tessera {

// The Scanner page's frame work, seen from ScannerController: the camera's or a file's frames
// decoded (QtMultimedia, ZXing-cpp) and checked. It lives in the QML plugin `Tessera.Scanner`
// (qml/scanner/plugin, the `ScanEngine` QML type), loaded with the Scanner page, so that neither
// the app nor a library it loads at start links QtMultimedia or the decoder (docs/PERFORMANCE.md,
// bench_startup). The page gives its ScanEngine to ScannerControl.engine; the controller finds
// this interface with qobject_cast (an interface id, not a C++ type shared with the plugin).
//
// Only header-defined types cross the boundary (the verifier, the process, the result, plain
// callbacks): the plugin and the app each have their own copy of the code behind them.
class ScanEngine
{
public:
    enum class FileKind { Image, Video };

    // Called on the GUI thread.
    struct Handlers
    {
        std::function<void(const ScanResult &)> result; // one per appearance of a code
        std::function<void()> frameProcessed; // a frame went through the decoder
        std::function<void()> fileFinished; // a video file reached its end
        std::function<void(const QString &)> fileError; // a video file cannot be played
    };

    ScanEngine() = default;
    ScanEngine(const ScanEngine &) = delete;
    ScanEngine &operator=(const ScanEngine &) = delete;
    virtual ~ScanEngine() = default;

    // The handlers stay until replaced (empty Handlers: none).
    virtual void setHandlers(Handlers handlers) = 0;
    // Checks the frames with this verifier and process from now on (starting a scanner, or
    // updating the running one); clock: Unix seconds, called on the worker thread.
    virtual void scan(const pass::PassVerifier &verifier, const pass::CheckProcess &process,
        std::function<qint64()> clock) = 0;
    // Checks no frames (no verifier or no process).
    virtual void stopScanning() = 0;
    // The viewfinder's sink (a QVideoSink), or null while the page has none.
    virtual QObject *videoSink() const = 0;
    // An image or video file to play into the sink instead of the camera: false, with the reason
    // in error, when it cannot be opened.
    virtual bool openFile(const QString &path, FileKind *kind, QString *error) = 0;
    virtual void startFile() = 0;
    virtual void stopFile() = 0;
    // The viewfinder goes blank (a file stopped).
    virtual void clearFrame() = 0;
};

} // namespace tessera

#define TesseraScanEngine_iid "org.tessera.ScanEngine/1"
Q_DECLARE_INTERFACE(tessera::ScanEngine, TesseraScanEngine_iid)
