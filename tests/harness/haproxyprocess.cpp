#include "haproxyprocess.h"

#include "testhttp.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

namespace tessera::test {

HaproxyProcess::~HaproxyProcess()
{
    stop();
}

bool HaproxyProcess::start(const QList<QUrl> &nodes, int checkIntervalMs)
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot make a temporary folder");
        return false;
    }
    return retryWhilePortTaken(
        3, [&](bool *portTaken) { return launch(nodes, checkIntervalMs, portTaken); }, m_error);
}

bool HaproxyProcess::launch(const QList<QUrl> &nodes, int checkIntervalMs, bool *portTaken)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("haproxy"),
        { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin") });
    if (program.isEmpty()) {
        m_error = QStringLiteral("haproxy is missing (scripts/install-deps.sh)");
        return false;
    }
    m_port = freeLoopbackPort();
    // As scripts/run-cluster.sh writes it, with the check interval given.
    QByteArray config = QByteArrayLiteral("global\n    maxconn 4000\n"
                                          "defaults\n    mode http\n    timeout connect 5s\n"
                                          "    timeout client 60s\n    timeout server 60s\n"
                                          "    timeout tunnel 1h\n"
                                          "frontend tessera\n    bind 127.0.0.1:")
        + QByteArray::number(m_port)
        + QByteArrayLiteral("\n    default_backend nodes\n"
                            "backend nodes\n    balance roundrobin\n"
                            "    option httpchk GET /v1/health\n"
                            "    http-check expect status 200\n"
                            "    default-server inter ")
        + QByteArray::number(checkIntervalMs) + QByteArrayLiteral("ms fall 1 rise 2\n");
    for (qsizetype i = 0; i < nodes.size(); ++i)
        config += "    server node" + QByteArray::number(i + 1) + ' '
            + nodes.at(i).host().toLatin1() + ':' + QByteArray::number(nodes.at(i).port())
            + " check\n";
    QFile file(m_dir.filePath(QStringLiteral("haproxy.cfg")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(config) < 0) {
        m_error = QStringLiteral("cannot write %1").arg(file.fileName());
        return false;
    }
    file.close();
    if (!m_process.start(
            program, { QStringLiteral("-db"), QStringLiteral("-f"), file.fileName() })) {
        m_error = m_process.error();
        return false;
    }
    const QDeadlineTimer deadline(std::chrono::seconds(30));
    while (!deadline.hasExpired()) {
        if (!m_process.isRunning()) {
            *portTaken = m_process.output().contains("Address already in use");
            m_error = QStringLiteral("haproxy stopped: %1").arg(QString::fromUtf8(output()));
            return false;
        }
        if (httpRequest("GET", url(QStringLiteral("/v1/health"))).status == 200)
            return true;
        QThread::msleep(100);
    }
    m_error = QStringLiteral("no health through haproxy: %1").arg(QString::fromUtf8(output()));
    m_process.stop();
    return false;
}

void HaproxyProcess::stop()
{
    if (m_process.isRunning())
        m_process.stop();
}

QUrl HaproxyProcess::url(const QString &path) const
{
    QUrl result(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
    result.setPath(path);
    return result;
}

} // namespace tessera::test
