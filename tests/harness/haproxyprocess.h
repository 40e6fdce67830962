#pragma once

#include "childprocess.h"

#include <QList>
#include <QTemporaryDir>
#include <QUrl>

namespace tessera::test {

// HAProxy from Debian in front of some tessera-server nodes, as scripts/run-cluster.sh puts it
// (HTTP and the WebSocket stream, health checks on /v1/health, round robin), on 127.0.0.1 on a
// free port, with a configuration in a temporary folder. The checks run every checkIntervalMs
// (a node that fails one is out of rotation; two good ones bring it back), so a node killed or
// draining leaves rotation fast. Stopped by the destructor.
class HaproxyProcess
{
public:
    HaproxyProcess() = default;
    ~HaproxyProcess();
    HaproxyProcess(const HaproxyProcess &) = delete;
    HaproxyProcess &operator=(const HaproxyProcess &) = delete;

    // Writes the configuration, starts haproxy and waits until /v1/health answers 200 through it.
    // false, with error(), when it did not.
    bool start(const QList<QUrl> &nodes, int checkIntervalMs = 300);
    void stop();

    QUrl url(const QString &path = {}) const; // http://127.0.0.1:PORT + path
    QString error() const { return m_error; }
    QByteArray output() const { return m_process.output(); }

private:
    bool launch(const QList<QUrl> &nodes, int checkIntervalMs, bool *portTaken);

    ChildProcess m_process;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace tessera::test
