#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

namespace tessera::server {

class Clock;

// --clock-file FILE (demo and test servers only, never an endpoint): the file holds a whole
// number of seconds, optionally signed ("259200" moves the server three days on); the server
// adds it to its clock and reads the file again whenever it changes (or is made, replaced or
// removed: a missing or empty file is 0), so that a test sees expiry, retries and dead letters
// days later without restarting the server. A file that does not read as a number is logged and
// changes nothing.
class ClockFile : public QObject
{
    Q_OBJECT
public:
    ClockFile(const QString &path, Clock &clock, QObject *parent = nullptr);

    void start(); // reads the file now and watches it
    // The offset the text says, in seconds; nullopt when it is not a whole number.
    static std::optional<qint64> parse(const QByteArray &text);

private:
    void read();

    QString m_path;
    Clock &m_clock;
    QFileSystemWatcher m_watcher;
    QTimer m_fallback; // file-system events can be missed (a replaced file): read once a second
    QByteArray m_last;
};

} // namespace tessera::server
