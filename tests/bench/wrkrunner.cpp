#include "wrkrunner.h"

#include "childprocess.h"

#include <QRegularExpression>
#include <QStandardPaths>

namespace tessera::bench {

namespace {

// "620.00us", "1.23ms", "2.00s" -> microseconds
std::optional<double> durationUs(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^([0-9.]+)(us|ms|s|m)$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const double value = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    if (unit == QLatin1String("us"))
        return value;
    if (unit == QLatin1String("ms"))
        return value * 1e3;
    if (unit == QLatin1String("s"))
        return value * 1e6;
    return value * 60e6;
}

} // namespace

QString wrkProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("wrk"));
}

std::optional<WrkResult> runWrk(
    const QUrl &url, int threads, int connections, int seconds, QString *error)
{
    const QString program = wrkProgram();
    if (program.isEmpty()) {
        *error = QStringLiteral("wrk is not installed");
        return std::nullopt;
    }
    const QStringList arguments { QStringLiteral("-t%1").arg(threads),
        QStringLiteral("-c%1").arg(connections), QStringLiteral("-d%1s").arg(seconds),
        QStringLiteral("--timeout"), QStringLiteral("10s"), QStringLiteral("--latency"),
        url.toString() };
    const test::RunResult run =
        test::runProgram(program, arguments, std::chrono::seconds(seconds + 60));
    if (run.exitCode != 0) {
        *error = run.describe(program);
        return std::nullopt;
    }
    const QString output = QString::fromUtf8(run.output);
    WrkResult result;
    bool seenRate = false;
    bool seenRequests = false;
    static const QRegularExpression percentileLine(
        QStringLiteral(R"(^\s*(50|90|99)(?:\.000)?%\s+(\S+)\s*$)"));
    static const QRegularExpression requestsLine(QStringLiteral(R"(^\s*(\d+) requests in )"));
    static const QRegularExpression notOkLine(
        QStringLiteral(R"(^\s*Non-2xx or 3xx responses:\s*(\d+))"));
    static const QRegularExpression rateLine(QStringLiteral(R"(^Requests/sec:\s*([0-9.]+))"));
    for (const QString &line : output.split(QLatin1Char('\n'))) {
        if (const auto match = percentileLine.match(line); match.hasMatch()) {
            const auto us = durationUs(match.captured(2));
            const int which = match.captured(1).toInt();
            if (us)
                (which == 50 ? result.p50us : which == 90 ? result.p90us : result.p99us) = *us;
        } else if (const auto requests = requestsLine.match(line); requests.hasMatch()) {
            result.requests = requests.captured(1).toLongLong();
            seenRequests = true;
        } else if (const auto notOk = notOkLine.match(line); notOk.hasMatch()) {
            result.notOk = notOk.captured(1).toLongLong();
        } else if (const auto rate = rateLine.match(line); rate.hasMatch()) {
            result.requestsPerSecond = rate.captured(1).toDouble();
            seenRate = true;
        } else if (line.trimmed().startsWith(QLatin1String("Socket errors:"))) {
            result.socketErrors = line.trimmed();
        }
    }
    if (!seenRate || !seenRequests || result.p50us <= 0) {
        *error = QStringLiteral("wrk printed no figures:\n%1").arg(output);
        return std::nullopt;
    }
    return result;
}

} // namespace tessera::bench
