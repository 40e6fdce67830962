#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace tessera::test {

// A real program started by a test: a server, slapd, postgres. It dies with the test process
// (PR_SET_PDEATHSIG), is stopped by the destructor (also when a test fails and returns early),
// and keeps everything it printed so a failing test can show it.
class ChildProcess
{
public:
    ChildProcess() = default;
    ~ChildProcess();
    ChildProcess(const ChildProcess &) = delete;
    ChildProcess &operator=(const ChildProcess &) = delete;

    // Starts program; answers false (with error()) when it could not be started.
    bool start(const QString &program, const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
        const QString &workingDirectory = {});

    // Waits until a line of the program's combined output matches pattern; answers the match.
    // Fails (nullopt, error() says why) when the program exits first or the time runs out.
    std::optional<QRegularExpressionMatch> waitForLine(
        const QRegularExpression &pattern, std::chrono::milliseconds timeout);

    // Sends signal (SIGTERM by default), waits up to timeout, then kills. Answers the exit code,
    // or nullopt when it had to be killed or crashed.
    std::optional<int> stop(
        int signal = 15, std::chrono::milliseconds timeout = std::chrono::seconds(10));

    bool isRunning() const;
    qint64 pid() const;
    QByteArray output() const; // everything printed so far (stdout and stderr merged)
    QString error() const { return m_error; }

private:
    void drain();

    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    qsizetype m_scanned = 0;
    QString m_error;
};

// Runs a program to completion (ldapsearch, initdb, psql). Answers its exit code and output;
// exitCode is -1 when it could not start, crashed or ran out of time.
struct RunResult
{
    int exitCode = -1;
    QByteArray output;
    QString describe(const QString &program) const;
};
RunResult runProgram(const QString &program, const QStringList &arguments,
    std::chrono::milliseconds timeout = std::chrono::seconds(60),
    const QByteArray &standardInput = {},
    const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

// A TCP port on 127.0.0.1 that was free a moment ago (for programs that cannot be told port 0).
quint16 freeLoopbackPort();

// Calls launch (which picks its ports, starts the program and sets *portTaken when it failed only
// because another process took a port meanwhile) until it succeeds, fails for another reason, or
// has been tried attempts times; then error says every port was taken.
bool retryWhilePortTaken(
    int attempts, const std::function<bool(bool *portTaken)> &launch, QString &error);

} // namespace tessera::test
