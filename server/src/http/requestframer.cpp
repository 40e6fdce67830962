#include "http/requestframer.h"

#include <QList>

namespace tessera::server {

namespace {

bool isTokenChar(char c)
{
    static const QByteArrayView specials("!#$%&'*+-.^_`|~");
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || specials.contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Field values: visible characters, spaces, tabs and obs-text; no other control characters.
bool isFieldValue(QByteArrayView text)
{
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7f)
            return false;
    }
    return true;
}

bool isTarget(QByteArrayView text)
{
    if (text.isEmpty() || text.front() != '/')
        return false; // origin-form only: no absolute-form, authority-form or "*"
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f)
            return false;
    }
    return true;
}

// "123" -> 123; nullopt-like -1 for anything but 1 to 18 digits.
qint64 parseLength(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return -1;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

// Comma-separated list members, trimmed and lower-cased ("Connection: keep-alive, Upgrade").
QList<QByteArray> listMembers(const QByteArray &value)
{
    QList<QByteArray> members;
    for (const QByteArray &member : value.split(','))
        members.append(member.trimmed().toLower());
    return members;
}

} // namespace

RequestFramer::RequestFramer(qsizetype maxHeadBytes)
    : m_maxHeadBytes(maxHeadBytes)
{ }

bool RequestFramer::inBody() const
{
    switch (m_state) {
    case State::FixedBody:
    case State::ChunkSize:
    case State::ChunkData:
    case State::ChunkDataEnd:
    case State::LastChunkEnd:
        return true;
    default:
        return false;
    }
}

RequestFramer::Event RequestFramer::feed(QByteArrayView data, qsizetype *taken)
{
    qsizetype at = 0;
    const auto done = [&](Event event) {
        *taken = at;
        return event;
    };
    while (at < data.size()) {
        switch (m_state) {
        case State::Stopped:
        case State::WaitingForLimit:
            return done(Event::NeedMore);
        case State::Idle:
            if (data[at] == '\r' || data[at] == '\n') {
                ++at; // QHttpServer skips the empty lines between requests too
                continue;
            }
            m_state = State::Head;
            m_headBytes.clear();
            m_head = RequestHead();
            m_bodyCount = 0;
            m_chunkOverhead = 0;
            return done(Event::RequestStarted);
        case State::Head: {
            // Up to the next LF at most: the head ends with an empty line.
            const qsizetype newline = data.sliced(at).indexOf('\n');
            const qsizetype length = newline < 0 ? data.size() - at : newline + 1;
            if (m_headBytes.size() + length > m_maxHeadBytes) {
                m_state = State::Stopped;
                return done(Event::HeadTooLarge);
            }
            m_headBytes.append(data.sliced(at, length));
            at += length;
            if (newline < 0)
                continue;
            if (!m_headBytes.endsWith("\n\n") && !m_headBytes.endsWith("\n\r\n"))
                continue;
            if (!parseHead()) {
                m_state = State::Stopped;
                return done(Event::Malformed);
            }
            m_headBytes.clear();
            m_state = State::WaitingForLimit;
            return done(Event::HeadComplete);
        }
        case State::FixedBody: {
            const qint64 chunk = std::min<qint64>(m_remaining, data.size() - at);
            at += static_cast<qsizetype>(chunk);
            m_remaining -= chunk;
            m_bodyCount += chunk;
            if (m_remaining == 0) {
                m_state = State::Idle;
                return done(Event::RequestComplete);
            }
            continue;
        }
        case State::ChunkSize:
        case State::ChunkDataEnd:
        case State::LastChunkEnd: {
            const char c = data[at++];
            if (m_line.size() >= 256) {
                m_state = State::Stopped;
                return done(Event::Malformed);
            }
            // Chunk sizes and line ends count too (QHttpServer keeps them with the body until
            // the request is whole): tiny chunks cannot make a body several times its limit.
            if (++m_chunkOverhead > std::max<qint64>(m_bodyLimit, 4096)) {
                m_state = State::Stopped;
                return done(Event::BodyTooLarge);
            }
            m_line.append(c);
            if (c != '\n')
                continue;
            const Event event = chunkSizeLine();
            if (event != Event::NeedMore)
                return done(event);
            continue;
        }
        case State::ChunkData: {
            const qint64 chunk = std::min<qint64>(m_remaining, data.size() - at);
            at += static_cast<qsizetype>(chunk);
            m_remaining -= chunk;
            if (m_remaining == 0)
                m_state = State::ChunkDataEnd;
            continue;
        }
        }
    }
    return done(Event::NeedMore);
}

// A whole line is in m_line (ending with LF): a chunk size, the end of a chunk's data, or the
// end of the body.
RequestFramer::Event RequestFramer::chunkSizeLine()
{
    QByteArray line = m_line;
    m_line.clear();
    line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.contains('\r')) {
        m_state = State::Stopped;
        return Event::Malformed;
    }
    if (m_state == State::ChunkDataEnd) {
        if (!line.isEmpty()) {
            m_state = State::Stopped;
            return Event::Malformed;
        }
        m_state = State::ChunkSize;
        return Event::NeedMore;
    }
    if (m_state == State::LastChunkEnd) {
        if (!line.isEmpty()) { // a trailer field: QHttpServer 6.4 would take it for a request
            m_state = State::Stopped;
            return Event::Malformed;
        }
        m_state = State::Idle;
        return Event::RequestComplete;
    }
    const qsizetype semicolon = line.indexOf(';');
    const QByteArray digits = (semicolon < 0 ? line : line.left(semicolon)).trimmed();
    if (digits.isEmpty() || digits.size() > 15 || !isFieldValue(line)) {
        m_state = State::Stopped;
        return Event::Malformed;
    }
    qint64 size = 0;
    for (const char c : digits) {
        const qsizetype digit = QByteArrayView("0123456789abcdefABCDEF").indexOf(c);
        if (digit < 0) {
            m_state = State::Stopped;
            return Event::Malformed;
        }
        size = size * 16 + (digit < 16 ? digit : digit - 6);
    }
    if (size > m_bodyLimit - m_bodyCount) {
        m_state = State::Stopped;
        return Event::BodyTooLarge;
    }
    m_bodyCount += size;
    if (size == 0) {
        m_state = State::LastChunkEnd;
        return Event::NeedMore;
    }
    m_remaining = size;
    m_state = State::ChunkData;
    return Event::NeedMore;
}

RequestFramer::Event RequestFramer::setBodyLimit(qint64 limit)
{
    Q_ASSERT(m_state == State::WaitingForLimit);
    m_bodyLimit = limit;
    if (m_head.chunked) {
        m_state = State::ChunkSize;
        return Event::NeedMore;
    }
    if (m_head.contentLength > limit) {
        m_state = State::Stopped;
        return Event::BodyTooLarge;
    }
    if (m_head.contentLength > 0) {
        m_remaining = m_head.contentLength;
        m_state = State::FixedBody;
        return Event::NeedMore;
    }
    m_state = State::Idle;
    return Event::RequestComplete;
}

bool RequestFramer::parseHead()
{
    QList<QByteArray> lines = m_headBytes.split('\n');
    // The head ends with LF (CR) LF: split leaves an empty piece after the last LF and one for
    // the empty line.
    lines.removeLast();
    lines.removeLast();
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.contains('\r'))
            return false;
    }
    if (lines.isEmpty())
        return false;

    // Request line: METHOD SP request-target SP HTTP/1.x, single spaces.
    const QList<QByteArray> parts = lines.takeFirst().split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || !isTarget(parts[1]))
        return false;
    if (parts[2] == "HTTP/1.1")
        m_head.minorVersion = 1;
    else if (parts[2] == "HTTP/1.0")
        m_head.minorVersion = 0;
    else
        return false;
    m_head.method = parts[0];
    m_head.target = parts[1];

    QByteArray connection, upgrade;
    bool sawLength = false, sawEncoding = false;
    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        // No obsolete folding (a line starting with white space), no space before the colon.
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return false;
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (!isFieldValue(value))
            return false;
        if (name == "content-length") {
            const qint64 length = parseLength(value);
            if (length < 0 || (sawLength && length != m_head.contentLength))
                return false;
            sawLength = true;
            m_head.contentLength = length;
        } else if (name == "transfer-encoding") {
            if (sawEncoding || value.toLower() != "chunked")
                return false;
            sawEncoding = true;
            m_head.chunked = true;
        } else if (name == "connection") {
            connection += ',' + value;
        } else if (name == "upgrade") {
            upgrade = value;
        } else if (name == "expect") {
            m_head.expectContinue = value.toLower() == "100-continue";
        }
    }
    if (sawLength && sawEncoding)
        return false; // request smuggling's favourite: refused (RFC 9112, 6.1)
    const QList<QByteArray> options = listMembers(connection);
    // As QHttpServer 6.4 tells an upgrade: "upgrade" anywhere in Connection, Upgrade: websocket.
    m_head.upgrade = connection.toLower().contains("upgrade") && upgrade.toLower() == "websocket";
    // HTTP/1.0 is always closed after its answer, keep-alive or not.
    m_head.close = m_head.minorVersion == 0 || options.contains("close");
    return true;
}

} // namespace tessera::server
