#pragma once

#include "childprocess.h"

#include <QJsonObject>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace tessera::test {

// The real tessera-server, started for one test on 127.0.0.1 with a port it picks itself, in a
// temporary data folder (or one the test gives, to restart on the same data). Stopped by the
// destructor.
class ServerProcess
{
public:
    struct Options
    {
        QString database; // empty: SQLite in the data folder; else --database (postgresql://...)
        bool demo = true;
        QString dataDir; // empty: a temporary folder owned by this object
        QString now; // --now: the server's clock, RFC 3339
        QStringList extraArguments;
        // When not empty: written to DATA/config.json and passed with --config (TLS, directory,
        // minimumAppVersion ...). Paths in it should be absolute.
        QJsonObject config;
    };

    ServerProcess() = default;
    ~ServerProcess();

    // Starts and waits until it listens. false, with error(), when it did not.
    bool start(const Options &options);
    bool start() { return start(Options {}); }
    // Stops with SIGTERM; answers the exit code (nullopt when it had to be killed or crashed).
    std::optional<int> stop();
    // Sends signal (0: none, only waits), waits up to timeout for the exit, then kills; answers
    // the exit code (nullopt when it had to be killed or crashed).
    std::optional<int> stop(int signal, std::chrono::milliseconds timeout)
    {
        return m_process.stop(signal, timeout);
    }

    QUrl url() const { return m_url; } // https://... when options.config has "tls"
    QUrl url(const QString &path) const; // url() + path
    QString dataDir() const { return m_dataDir; }
    QString error() const { return m_error; }
    QByteArray output() const { return m_process.output(); }
    bool isRunning() const { return m_process.isRunning(); }
    qint64 pid() const { return m_process.pid(); } // the server's process id (for /proc)
    // The server's peak resident memory so far (VmHWM), in KiB; -1 when unreadable.
    qint64 peakMemoryKiB() const;

    // DATA/demo-accounts.json, parsed; an empty object when missing or unreadable.
    QJsonObject demoAccounts() const;

    static QString binary();

private:
    ChildProcess m_process;
    std::unique_ptr<QTemporaryDir> m_temporaryDir;
    QString m_dataDir;
    QUrl m_url;
    QString m_error;
};

} // namespace tessera::test
