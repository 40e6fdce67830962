#pragma once

#include "warningrecorder.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <vector>

class QQmlEngine;
class QQuickWindow;

namespace tessera {

// --self-test: loads the main window and then every page of the QML module (each in a window of
// its own), lets the event loop run briefly, and reports. Every warning or error logged meanwhile
// (QML load errors, binding errors, TypeErrors, ...) counts against it; finished(0) only when
// every page loaded and nothing was logged.
//
// Construct it first thing in main(), so that its WarningRecorder sees everything; only one may
// exist at a time.
class SelfTest : public QObject
{
    Q_OBJECT
public:
    static constexpr int settleMs = 300;

    explicit SelfTest(QObject *parent = nullptr);
    ~SelfTest() override;

    // moduleDir: the module's folder in the resources (":/Tessera"); its pages are the
    // *Page.qml files in its subfolders (one per feature).
    void run(QQmlEngine *engine, const QUrl &mainUrl, const QString &moduleDir);

Q_SIGNALS:
    void finished(int exitCode);

private:
    bool loadInWindow(QQmlEngine *engine, const QUrl &url);
    void report();

    WarningRecorder m_warnings;
    int m_pagesTotal = 0;
    int m_pagesLoaded = 0;
    bool m_mainLoaded = false;
    std::vector<std::unique_ptr<QObject>> m_objects;
    std::vector<std::unique_ptr<QQuickWindow>> m_windows;
};

} // namespace tessera
