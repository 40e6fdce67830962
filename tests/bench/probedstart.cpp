#include "probedstart.h"

#include "selfclock.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <functional>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <vector>

extern char **environ;

namespace tessera::bench {

namespace {

constexpr int kStartTimeoutMs = 180000; // a start that takes longer has hung: fail

// key=value fields of the probe line.
bool parseProbeLine(const QByteArray &output, ProbedStart *start)
{
    const QByteArray prefix = QByteArrayLiteral("tessera-startup-probe: ");
    const QList<QByteArray> lines = output.split('\n');
    for (const QByteArray &line : lines) {
        if (!line.startsWith(prefix))
            continue;
        const QList<QByteArray> fields = line.mid(prefix.size()).split(' ');
        for (const QByteArray &field : fields) {
            const qsizetype equals = field.indexOf('=');
            const QByteArray key = field.left(equals);
            const QByteArray value = field.mid(equals + 1);
            if (key == "frame-ns") {
                start->frameNs = value.toLongLong();
            } else if (key == "page") {
                start->page = value;
            } else if (key == "rows") {
                start->rows = value.toInt();
            } else if (key == "vmhwm-kib") {
                start->vmHwmKiB = value.toLongLong();
            } else if (key == "marks") {
                for (const QByteArray &mark : value.split(',')) {
                    const qsizetype colon = mark.indexOf(':');
                    if (colon <= 0)
                        continue;
                    const qint64 ns = mark.mid(colon + 1).toLongLong();
                    if (!start->marks.contains(mark.left(colon)))
                        start->marks.insert(mark.left(colon), ns);
                    start->markList += mark.left(colon) + ' '
                        + QByteArray::number(double(ns - start->startNs) / 1e6, 'f', 0) + ' ';
                }
            }
        }
        return start->frameNs > 0;
    }
    return false;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

std::optional<ProbedStart> ProbedStart::launch(const QString &program, const QStringList &arguments,
    const QProcessEnvironment &environment, const QString &folder, QString *error)
{
    static int serial = 0;
    ++serial;
    const QByteArray outPath =
        QFile::encodeName(QDir(folder).filePath(QStringLiteral("out-%1.txt").arg(serial)));
    const QByteArray errPath =
        QFile::encodeName(QDir(folder).filePath(QStringLiteral("err-%1.txt").arg(serial)));

    std::vector<QByteArray> argStorage { QFile::encodeName(program) };
    for (const QString &argument : arguments)
        argStorage.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &argument : argStorage)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStorage;
    const QStringList variables = environment.toStringList();
    for (const QString &variable : variables)
        envStorage.push_back(variable.toLocal8Bit());
    std::vector<char *> envp;
    for (QByteArray &variable : envStorage)
        envp.push_back(variable.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(
        &actions, STDOUT_FILENO, outPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(
        &actions, STDERR_FILENO, errPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    ProbedStart start;
    start.startNs = monotonicNs();
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        *error = QStringLiteral("cannot start %1: %2")
                     .arg(program, QString::fromLocal8Bit(std::strerror(spawned)));
        return std::nullopt;
    }

    int status = 0;
    rusage usage {};
    bool hung = false;
    for (;;) {
        const pid_t done = wait4(pid, &status, WNOHANG, &usage);
        if (done == pid)
            break;
        if (done < 0 && errno != EINTR) {
            *error = QStringLiteral("wait4 failed: %1")
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
            return std::nullopt;
        }
        if (!hung && (monotonicNs() - start.startNs) / 1000000 > kStartTimeoutMs) {
            hung = true;
            ::kill(pid, SIGKILL);
        }
        const timespec pause { 0, 5 * 1000 * 1000 }; // 5 ms; the times come from the child
        nanosleep(&pause, nullptr);
    }
    start.maxRssKiB = usage.ru_maxrss; // Linux: KiB

    const QByteArray output = readAll(QString::fromLocal8Bit(outPath));
    const QByteArray errors = readAll(QString::fromLocal8Bit(errPath));
    const auto describe = [&](const QString &what) {
        return QStringLiteral("%1 %2: %3\n--- stdout:\n%4\n--- stderr (last 4000 bytes):\n%5")
            .arg(program, arguments.join(u' '), what, QString::fromLocal8Bit(output),
                QString::fromLocal8Bit(errors.right(4000)));
    };
    if (hung) {
        *error = describe(
            QStringLiteral("no first frame within %1 s: killed").arg(kStartTimeoutMs / 1000));
        return std::nullopt;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        *error = describe(WIFEXITED(status)
                ? QStringLiteral("exited with %1").arg(WEXITSTATUS(status))
                : QStringLiteral("killed by signal %1").arg(WTERMSIG(status)));
        return std::nullopt;
    }
    if (!parseProbeLine(output, &start)) {
        *error = describe(QStringLiteral("no tessera-startup-probe line"));
        return std::nullopt;
    }
    return start;
}

} // namespace tessera::bench
