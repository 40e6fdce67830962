#include "base/clockfile.h"

#include "base/clock.h"
#include "base/serverlogging.h"

#include <QFile>
#include <QFileInfo>

namespace tessera::server {

ClockFile::ClockFile(const QString &path, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_path(QFileInfo(path).absoluteFilePath())
    , m_clock(clock)
{
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ClockFile::read);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ClockFile::read);
    m_fallback.setInterval(1000);
    connect(&m_fallback, &QTimer::timeout, this, &ClockFile::read);
}

void ClockFile::start()
{
    m_watcher.addPath(QFileInfo(m_path).absolutePath());
    m_fallback.start();
    m_last = QByteArrayLiteral("\n(not read yet)");
    read();
}

std::optional<qint64> ClockFile::parse(const QByteArray &text)
{
    const QByteArray trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return 0;
    bool ok = false;
    const qint64 seconds = trimmed.toLongLong(&ok);
    // A hundred years either way is plenty for a test, and far from overflowing milliseconds.
    if (!ok || seconds > qint64(3'200'000'000) || seconds < -qint64(3'200'000'000))
        return std::nullopt;
    return seconds;
}

void ClockFile::read()
{
    QFile file(m_path);
    QByteArray text;
    if (file.open(QIODevice::ReadOnly)) {
        text = file.read(64);
        if (!m_watcher.files().contains(m_path))
            m_watcher.addPath(m_path);
    }
    if (text == m_last)
        return;
    m_last = text;
    const std::optional<qint64> seconds = parse(text);
    if (!seconds) {
        qCWarning(lcServer) << "the clock file" << m_path
                            << "does not hold a whole number of seconds; the clock stays";
        return;
    }
    m_clock.setMovedBy(*seconds * 1000);
    qCInfo(lcServer) << "clock moved by" << *seconds << "s (clock file)";
}

} // namespace tessera::server
