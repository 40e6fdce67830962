#pragma once

// What bench_push and its subscribers' process (push_subscribers.cpp) both need: one clock for
// publishing and receiving times (selfclock.h), and the few bytes of MQTT 3.1.1 their minimal
// clients write.
// Header only: bench-push-subscribers links no bench library.
#include "selfclock.h"

#include <QByteArray>
#include <QStringBuilder>

namespace tessera::bench {

// An MQTT "remaining length": 7 bits a byte, low first, the top bit set when more follow.
inline QByteArray mqttRemainingLength(qsizetype length)
{
    QByteArray bytes;
    do {
        char byte = char(length % 128);
        length /= 128;
        if (length > 0)
            byte = char(byte | 0x80);
        bytes.append(byte);
    } while (length > 0);
    return bytes;
}

// An MQTT string: its length in two bytes (big-endian), then the bytes.
inline QByteArray mqttString(const QByteArray &text)
{
    QByteArray bytes;
    bytes.append(char(text.size() >> 8));
    bytes.append(char(text.size() & 0xff));
    return bytes + text;
}

// An MQTT packet: the first byte (type and flags), the remaining length, the body.
inline QByteArray mqttPacket(quint8 type, const QByteArray &body)
{
    return QByteArray(1, char(type)) + mqttRemainingLength(body.size()) + body;
}

} // namespace tessera::bench
