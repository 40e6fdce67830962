#pragma once

// mosquitto (Debian's broker), the push benchmark's peer: started on 127.0.0.1 from a temporary
// config, one listener, no persistence, no limits on queued or in-flight messages.
#include "childprocess.h"

#include <QDir>
#include <QFile>
#include <QTcpSocket>
#include <QThread>

namespace tessera::bench {

class MosquittoBroker
{
public:
    // Starts it with its config in dir and waits until it accepts connections; false with error.
    bool start(const QString &dir, QString *error)
    {
        m_port = test::freeLoopbackPort();
        const QString config = QDir(dir).filePath(QStringLiteral("mosquitto.conf"));
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly)) {
            *error = file.errorString();
            return false;
        }
        file.write("listener " + QByteArray::number(m_port)
            + " 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stdout\n"
              "log_type error\nlog_type warning\n"
              "max_queued_messages 0\nmax_inflight_messages 0\nmax_connections -1\n");
        file.close();
        if (!m_process.start(QStringLiteral("mosquitto"), { QStringLiteral("-c"), config })) {
            *error = m_process.error();
            return false;
        }
        // Its log goes to a pipe, block-buffered: wait until it accepts connections instead.
        bool listening = false;
        for (int attempt = 0; attempt < 300 && !listening && m_process.isRunning(); ++attempt) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            listening = probe.waitForConnected(100);
            if (!listening)
                QThread::msleep(100);
        }
        if (!listening)
            *error = QStringLiteral("mosquitto does not listen: ")
                + QString::fromUtf8(m_process.output());
        return listening;
    }

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.pid(); }
    void stop() { m_process.stop(); }

private:
    test::ChildProcess m_process;
    quint16 m_port = 0;
};

} // namespace tessera::bench
