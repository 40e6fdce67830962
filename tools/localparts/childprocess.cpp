#include "childprocess.h"

#include <QDeadlineTimer>
#include <QTcpServer>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace tessera::test {

namespace {

void configureChild(QProcess &process)
{
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setChildProcessModifier([] {
        // Die with the test process, even when it crashes: no stray servers after a run.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        // Own process group, so that a terminal's Ctrl-C reaches the test, which stops us.
        ::setpgid(0, 0);
    });
}

} // namespace

ChildProcess::~ChildProcess()
{
    if (isRunning())
        stop();
}

bool ChildProcess::start(const QString &program, const QStringList &arguments,
    const QProcessEnvironment &environment, const QString &workingDirectory)
{
    m_process = std::make_unique<QProcess>();
    configureChild(*m_process);
    m_process->setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        m_process->setWorkingDirectory(workingDirectory);
    m_process->start(program, arguments);
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("could not start %1: %2").arg(program, m_process->errorString());
        m_process.reset();
        return false;
    }
    return true;
}

void ChildProcess::drain()
{
    if (m_process)
        m_output += m_process->readAll();
}

std::optional<QRegularExpressionMatch> ChildProcess::waitForLine(
    const QRegularExpression &pattern, std::chrono::milliseconds timeout)
{
    if (!m_process) {
        m_error = QStringLiteral("not started");
        return std::nullopt;
    }
    QDeadlineTimer deadline(timeout);
    for (;;) {
        drain();
        // Look at complete lines not yet scanned.
        qsizetype end;
        while ((end = m_output.indexOf('\n', m_scanned)) >= 0) {
            const QString line = QString::fromUtf8(m_output.mid(m_scanned, end - m_scanned));
            m_scanned = end + 1;
            const QRegularExpressionMatch match = pattern.match(line);
            if (match.hasMatch())
                return match;
        }
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("exited (code %1) before printing a line matching %2")
                          .arg(m_process->exitCode())
                          .arg(pattern.pattern());
            return std::nullopt;
        }
        if (deadline.hasExpired()) {
            m_error = QStringLiteral("no line matching %1 within %2 ms")
                          .arg(pattern.pattern())
                          .arg(timeout.count());
            return std::nullopt;
        }
        m_process->waitForReadyRead(static_cast<int>(qMin<qint64>(deadline.remainingTime(), 200)));
    }
}

std::optional<int> ChildProcess::stop(int signal, std::chrono::milliseconds timeout)
{
    if (!m_process)
        return std::nullopt;
    std::optional<int> result;
    if (m_process->state() != QProcess::NotRunning) {
        ::kill(static_cast<pid_t>(m_process->processId()), signal);
        if (!m_process->waitForFinished(static_cast<int>(timeout.count()))) {
            m_process->kill();
            m_process->waitForFinished(5000);
            drain();
            return std::nullopt;
        }
    }
    drain();
    if (m_process->exitStatus() == QProcess::NormalExit)
        result = m_process->exitCode();
    return result;
}

bool ChildProcess::isRunning() const
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return false;
    // QProcess learns of the child's death from the event loop or a waitFor*() call; a test that
    // polls without one would see a dead child as running. Look now, without waiting.
    return !m_process->waitForFinished(0);
}

qint64 ChildProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QByteArray ChildProcess::output() const
{
    if (m_process)
        const_cast<ChildProcess *>(this)->drain();
    return m_output;
}

QString RunResult::describe(const QString &program) const
{
    return QStringLiteral("%1 exited with %2: %3")
        .arg(program)
        .arg(exitCode)
        .arg(QString::fromUtf8(output.right(4000)));
}

RunResult runProgram(const QString &program, const QStringList &arguments,
    std::chrono::milliseconds timeout, const QByteArray &standardInput,
    const QProcessEnvironment &environment)
{
    QProcess process;
    configureChild(process);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    RunResult result;
    if (!process.waitForStarted(10000)) {
        result.output = process.errorString().toUtf8();
        return result;
    }
    if (!standardInput.isEmpty())
        process.write(standardInput);
    process.closeWriteChannel();
    if (!process.waitForFinished(static_cast<int>(timeout.count()))) {
        process.kill();
        process.waitForFinished(5000);
        result.output = process.readAll() + "\n[timed out]";
        return result;
    }
    result.output = process.readAll();
    if (process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    return result;
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool retryWhilePortTaken(
    int attempts, const std::function<bool(bool *portTaken)> &launch, QString &error)
{
    for (int attempt = 0; attempt < attempts; ++attempt) {
        bool portTaken = false;
        if (launch(&portTaken))
            return true;
        if (!portTaken)
            return false;
    }
    error = QStringLiteral("every port tried was taken; last: ") + error;
    return false;
}

} // namespace tessera::test
