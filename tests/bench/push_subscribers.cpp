// bench-push-subscribers: the many receivers of bench_push, in a process of their own (like the
// phones they stand for: their work does not slow the publisher or the measured client down).
//
//   bench-push-subscribers ws PORT COUNT TOKEN MESSAGES TIMEOUT_MS
//       COUNT WebSockets to ws://127.0.0.1:PORT/v1/stream with "Authorization: Bearer TOKEN"
//       (tessera-server's live stream); a message's key is the hint's cursor.
//   bench-push-subscribers mqtt PORT COUNT TOPIC MESSAGES TIMEOUT_MS
//       COUNT MQTT 3.1.1 clients (a minimal client over QTcpSocket, QoS 0) subscribed to TOPIC
//       on 127.0.0.1:PORT (mosquitto); a message's key is its payload's leading number.
//
// Prints "ready" once every connection is open (WebSocket: the server's hello came; MQTT: the
// SUBACK came), then one line "KEY NS" for every message received (NS: CLOCK_MONOTONIC
// nanoseconds, comparable with the publisher's in another process), and "done N" once
// COUNT x MESSAGES messages came or TIMEOUT_MS passed. Exit code 0, or 1 when a connection
// failed (with the reason on stderr).
#include "mqttwire.h"

#include <QCoreApplication>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <cstdio>
#include <memory>
#include <sys/resource.h>
#include <vector>

using tessera::bench::monotonicNs;
using tessera::bench::mqttPacket;
using tessera::bench::mqttString;

namespace {

// Takes one MQTT packet off the front of buffer: its first byte and body; false when incomplete.
bool takeMqttPacket(QByteArray &buffer, quint8 *type, QByteArray *body)
{
    if (buffer.size() < 2)
        return false;
    qsizetype length = 0;
    int shift = 0;
    qsizetype at = 1;
    for (;;) {
        if (at >= buffer.size() || at > 4)
            return false;
        const auto byte = quint8(buffer.at(at++));
        length |= qsizetype(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80))
            break;
    }
    if (buffer.size() < at + length)
        return false;
    *type = quint8(buffer.at(0));
    *body = buffer.mid(at, length);
    buffer.remove(0, at + length);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 7 || (args.at(1) != u"ws" && args.at(1) != u"mqtt")) {
        std::fprintf(
            stderr, "usage: %s ws|mqtt PORT COUNT TOKEN|TOPIC MESSAGES TIMEOUT_MS\n", argv[0]);
        return 2;
    }
    // 1,000 sockets need more than the usual 1,024 descriptors.
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    const bool ws = args.at(1) == u"ws";
    const auto port = quint16(args.at(2).toUInt());
    const int count = args.at(3).toInt();
    const QByteArray tokenOrTopic = args.at(4).toUtf8();
    const qint64 expected = qint64(count) * args.at(5).toInt();
    const int timeoutMs = args.at(6).toInt();

    int readyCount = 0;
    qint64 received = 0;
    QByteArray lines;
    bool finished = false;
    const auto finish = [&](int code) {
        if (finished)
            return;
        finished = true;
        std::fwrite(lines.constData(), 1, size_t(lines.size()), stdout);
        std::printf("done %lld\n", static_cast<long long>(received));
        std::fflush(stdout);
        app.exit(code);
    };
    const auto ready = [&] {
        if (++readyCount == count) {
            std::printf("ready\n");
            std::fflush(stdout);
            QTimer::singleShot(timeoutMs, &app, [&] { finish(0); });
        }
    };
    const auto got = [&](const QByteArray &key) {
        lines += key + ' ' + QByteArray::number(monotonicNs()) + '\n';
        if (++received == expected)
            finish(0);
    };
    const auto failed = [&](const QString &why) {
        std::fprintf(stderr, "%s\n", qPrintable(why));
        finish(1);
    };

    std::vector<std::unique_ptr<QWebSocket>> sockets;
    std::vector<std::unique_ptr<QTcpSocket>> mqtt;
    std::vector<QByteArray> buffers(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        if (ws) {
            auto socket = std::make_unique<QWebSocket>();
            QWebSocket *raw = socket.get();
            auto hello = std::make_shared<bool>(false);
            QObject::connect(
                raw, &QWebSocket::textMessageReceived, raw, [&, hello](const QString &message) {
                    if (!*hello) {
                        *hello = true;
                        ready();
                        return;
                    }
                    // {"cursor":"N","type":"inbox"}: the key is N.
                    const qsizetype at = message.indexOf(QLatin1String("\"cursor\":\""));
                    if (at < 0)
                        return;
                    const qsizetype start = at + 10;
                    got(message.mid(start, message.indexOf(QLatin1Char('"'), start) - start)
                            .toLatin1());
                });
            QObject::connect(raw, &QWebSocket::disconnected, raw, [&, raw] {
                failed(QStringLiteral("a stream closed: %1 %2")
                           .arg(int(raw->closeCode()))
                           .arg(raw->closeReason()));
            });
            QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/v1/stream").arg(port)));
            request.setRawHeader("Authorization", "Bearer " + tokenOrTopic);
            raw->open(request);
            sockets.push_back(std::move(socket));
        } else {
            auto socket = std::make_unique<QTcpSocket>();
            QTcpSocket *raw = socket.get();
            QByteArray *buffer = &buffers[size_t(i)];
            QObject::connect(raw, &QTcpSocket::connected, raw, [raw, i] {
                QByteArray connect = mqttString("MQTT");
                connect.append(char(4)); // 3.1.1
                connect.append(char(0x02)); // clean session
                connect.append(char(0)).append(char(60)); // keep-alive 60 s
                connect += mqttString("bench-" + QByteArray::number(i));
                raw->write(mqttPacket(0x10, connect));
            });
            QObject::connect(raw, &QTcpSocket::readyRead, raw, [&, raw, buffer] {
                *buffer += raw->readAll();
                quint8 type = 0;
                QByteArray body;
                while (takeMqttPacket(*buffer, &type, &body)) {
                    switch (type >> 4) {
                    case 2: { // CONNACK: subscribe
                        if (body.size() < 2 || body.at(1) != 0) {
                            failed(QStringLiteral("mosquitto refused a connection"));
                            return;
                        }
                        QByteArray subscribe("\x00\x01", 2);
                        subscribe += mqttString(tokenOrTopic);
                        subscribe.append(char(0));
                        raw->write(mqttPacket(0x82, subscribe));
                        break;
                    }
                    case 9: // SUBACK
                        ready();
                        break;
                    case 3: { // PUBLISH, QoS 0: topic, payload "KEY ..."
                        const int topicLength = (quint8(body.at(0)) << 8) | quint8(body.at(1));
                        const QByteArray payload = body.mid(2 + topicLength);
                        got(payload.left(payload.indexOf(' ')));
                        break;
                    }
                    default:
                        break;
                    }
                }
            });
            QObject::connect(raw, &QTcpSocket::disconnected, raw,
                [&] { failed(QStringLiteral("mosquitto closed a connection")); });
            raw->connectToHost(QHostAddress::LocalHost, port);
            mqtt.push_back(std::move(socket));
        }
    }
    QTimer::singleShot(120000, &app, [&] {
        if (readyCount < count)
            failed(QStringLiteral("only %1 of %2 connections were ready after 120 s")
                       .arg(readyCount)
                       .arg(count));
    });
    const int code = app.exec();
    for (auto &socket : sockets)
        QObject::disconnect(socket.get(), nullptr, nullptr, nullptr);
    for (auto &socket : mqtt)
        QObject::disconnect(socket.get(), nullptr, nullptr, nullptr);
    return code;
}
