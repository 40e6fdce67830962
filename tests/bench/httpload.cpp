#include "httpload.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

namespace tessera::bench {

namespace {

struct Connection
{
    std::unique_ptr<QTcpSocket> socket;
    QByteArray buffer;
    qint64 sentAtNs = 0;
    int index = -1; // of the request in flight
    bool inFlight = false;
};

struct ParsedAnswer
{
    int status = 0;
    QByteArray body;
};

enum class ParseState { Incomplete, Complete, Broken };

// Takes one complete answer off the front of buffer, if there is one.
ParseState takeAnswer(QByteArray &buffer, ParsedAnswer *answer, QString *problem)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return ParseState::Incomplete;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    bool statusOk = false;
    answer->status = statusLine.value(1).toInt(&statusOk);
    if (!statusLine.value(0).startsWith("HTTP/1.") || !statusOk) {
        *problem = QStringLiteral("not an HTTP/1.x status line: %1")
                       .arg(QString::fromLatin1(lines.value(0).trimmed()));
        return ParseState::Broken;
    }
    qsizetype contentLength = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            contentLength = value.toLongLong(&statusOk);
            if (!statusOk || contentLength < 0) {
                *problem = QStringLiteral("bad Content-Length");
                return ParseState::Broken;
            }
        } else if (name == "transfer-encoding") {
            *problem = QStringLiteral("chunked answers are not supported by the load generator");
            return ParseState::Broken;
        } else if (name == "connection" && value.toLower() == "close") {
            *problem = QStringLiteral("the server closes the keep-alive connection");
            return ParseState::Broken;
        }
    }
    if (contentLength < 0) {
        *problem = QStringLiteral("answer without Content-Length");
        return ParseState::Broken;
    }
    const qsizetype total = headerEnd + 4 + contentLength;
    if (buffer.size() < total)
        return ParseState::Incomplete;
    answer->body = buffer.mid(headerEnd + 4, contentLength);
    buffer.remove(0, total);
    return ParseState::Complete;
}

} // namespace

double LoadResult::requestsPerSecond() const
{
    return wallNs > 0 ? static_cast<double>(completed) * 1e9 / static_cast<double>(wallNs) : 0.0;
}

QString LoadResult::describeProblem() const
{
    if (!error.isEmpty())
        return error;
    if (notOk > 0)
        return QStringLiteral("%1 of %2 answers were not as expected (the first was %3: %4)")
            .arg(notOk)
            .arg(completed)
            .arg(firstBadStatus)
            .arg(QString::fromUtf8(firstBadBody.left(300)));
    return {};
}

QByteArray httpRequestBytes(const QByteArray &method, const QByteArray &path, quint16 port,
    const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body)
{
    QByteArray request = method + ' ' + path + QByteArrayLiteral(" HTTP/1.1\r\nHost: 127.0.0.1:")
        + QByteArray::number(port)
        + QByteArrayLiteral("\r\nUser-Agent: tessera-bench\r\nAccept: application/json\r\n");
    for (const auto &[name, value] : headers)
        request += name + QByteArrayLiteral(": ") + value + QByteArrayLiteral("\r\n");
    if (!body.isEmpty() || method == "POST" || method == "PUT") {
        request += QByteArrayLiteral("Content-Type: application/json\r\nContent-Length: ")
            + QByteArray::number(body.size()) + QByteArrayLiteral("\r\n");
    }
    return request + QByteArrayLiteral("\r\n") + body;
}

LoadResult runHttpLoad(const LoadOptions &options)
{
    LoadResult result;
    result.latenciesNs.reserve(options.requests);
    const QByteArray request = httpRequestBytes("GET", options.path, options.port);

    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    qint64 startNs = -1;
    qint64 lastAnswerNs = 0;
    int issued = 0;
    int inFlight = 0;
    bool finished = false;
    const qint64 timeLimitNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(options.timeLimit).count();
    const qint64 answerTimeoutNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(options.answerTimeout).count();

    const auto finish = [&](const QString &error) {
        if (finished)
            return;
        if (result.error.isEmpty())
            result.error = error;
        finished = true;
        loop.quit();
    };

    std::vector<Connection> connections(static_cast<size_t>(std::max(1, options.connections)));

    const auto sendNext = [&](Connection &connection) {
        if (finished || issued >= options.requests)
            return;
        const qint64 now = clock.nsecsElapsed();
        if (startNs >= 0 && now - startNs > timeLimitNs) {
            result.timeLimitReached = true;
            return;
        }
        if (startNs < 0)
            startNs = now;
        ++issued;
        ++inFlight;
        connection.inFlight = true;
        connection.sentAtNs = now;
        connection.index = issued - 1;
        connection.socket->write(
            options.makeRequest ? options.makeRequest(connection.index) : request);
    };

    const auto maybeDone = [&] {
        if (inFlight == 0 && (issued >= options.requests || result.timeLimitReached))
            finish({});
    };

    for (Connection &connection : connections) {
        connection.socket = std::make_unique<QTcpSocket>();
        QTcpSocket *socket = connection.socket.get();
        Connection *self = &connection;
        QObject::connect(socket, &QTcpSocket::connected, socket, [&, self] {
            self->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            sendNext(*self);
            maybeDone();
        });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [&, self] {
            self->buffer += self->socket->readAll();
            for (;;) {
                ParsedAnswer answer;
                QString problem;
                const ParseState state = takeAnswer(self->buffer, &answer, &problem);
                if (state == ParseState::Incomplete)
                    break;
                if (state == ParseState::Broken) {
                    finish(problem);
                    return;
                }
                if (!self->inFlight) {
                    finish(QStringLiteral("an answer came for no request"));
                    return;
                }
                const qint64 now = clock.nsecsElapsed();
                self->inFlight = false;
                --inFlight;
                ++result.completed;
                lastAnswerNs = now;
                result.latenciesNs.append(now - self->sentAtNs);
                if (!options.okStatuses.contains(answer.status)) {
                    if (result.notOk == 0) {
                        result.firstBadStatus = answer.status;
                        result.firstBadBody = answer.body;
                    }
                    ++result.notOk;
                }
                if (options.onAnswer)
                    options.onAnswer(self->index, answer.status, answer.body);
                if (result.firstBody.isNull())
                    result.firstBody = answer.body;
                sendNext(*self);
            }
            maybeDone();
        });
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [&, self] {
            finish(QStringLiteral("connection error: %1").arg(self->socket->errorString()));
        });
        QObject::connect(socket, &QTcpSocket::disconnected, socket,
            [&] { finish(QStringLiteral("the server closed a connection")); });
    }

    QTimer watchdog;
    watchdog.setInterval(200);
    QObject::connect(&watchdog, &QTimer::timeout, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        for (const Connection &connection : connections) {
            if (connection.inFlight && now - connection.sentAtNs > answerTimeoutNs) {
                finish(QStringLiteral("no answer within %1 ms")
                           .arg(std::chrono::duration_cast<std::chrono::milliseconds>(
                               options.answerTimeout)
                                    .count()));
                return;
            }
        }
        if (issued == 0 && now > answerTimeoutNs)
            finish(QStringLiteral("could not connect within the answer timeout"));
    });
    watchdog.start();

    for (Connection &connection : connections)
        connection.socket->connectToHost(QHostAddress::LocalHost, options.port);
    if (!finished)
        loop.exec();
    watchdog.stop();

    result.wallNs = startNs >= 0 ? lastAnswerNs - startNs : 0;
    for (Connection &connection : connections) {
        QObject::disconnect(connection.socket.get(), nullptr, nullptr, nullptr);
        connection.socket->abort();
    }
    return result;
}

double percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto rank =
        static_cast<qsizetype>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    const qsizetype index = std::clamp<qsizetype>(rank - 1, 0, values.size() - 1);
    return static_cast<double>(values.at(index));
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0.0 : values.at(values.size() / 2);
}

} // namespace tessera::bench
