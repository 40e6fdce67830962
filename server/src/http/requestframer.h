#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace tessera::server {

// What the front door learns from one request's head (request line and header fields).
struct RequestHead
{
    QByteArray method; // "GET", as sent
    QByteArray target; // the raw request-target ("/v1/inbox/x?since=4"), never decoded
    int minorVersion = 1; // HTTP/1.<minorVersion>: 0 or 1
    qint64 contentLength = -1; // -1: no Content-Length
    bool chunked = false; // Transfer-Encoding: chunked
    bool expectContinue = false; // Expect: 100-continue
    bool upgrade = false; // a WebSocket upgrade (as QHttpServer 6.4 tells one)
    bool close = false; // Connection: close, or HTTP/1.0 (closed after its answer)

    bool hasBody() const { return chunked || contentLength > 0; }
};

// A strict, streaming reader of HTTP/1.1 request framing: it finds where each request's head
// and body begin and end in the bytes of one connection, without copying bodies (only a head,
// at most maxHeadBytes, is kept). The front door runs it ahead of QHttpServer 6.4, whose parser
// has no limits and accepts what it should not, so that QHttpServer only ever reads requests
// this one accepted. Refused: obsolete line folding, bare CR, spaces before a colon, a
// Content-Length that is not digits or that differs between fields, Transfer-Encoding other
// than "chunked" or together with Content-Length, chunk trailers, versions other than 1.0/1.1.
class RequestFramer
{
public:
    enum class Event {
        NeedMore, // every byte given was taken; nothing to decide yet
        RequestStarted, // the first byte of a request (leading empty lines skipped)
        HeadComplete, // head() is ready: call setBodyLimit() or stop() before feeding more
        BodyTooLarge, // the body passed the limit (declared or counted): stop here
        RequestComplete, // the request's last byte was taken; the next one may follow
        Malformed, // not HTTP/1.1 framing: answer 400 and close
        HeadTooLarge, // the head passed maxHeadBytes without ending: answer 431 and close
    };

    explicit RequestFramer(qsizetype maxHeadBytes);

    // Reads from data until an event; *taken says how many bytes it used (all of them for
    // NeedMore). Feed the rest again after handling the event.
    Event feed(QByteArrayView data, qsizetype *taken);

    const RequestHead &head() const { return m_head; }
    // The body allowed for the request whose head just completed. BodyTooLarge comes at once
    // when Content-Length says more, or when the chunks counted so far pass it.
    Event setBodyLimit(qint64 limit);
    // Nothing more is HTTP on this connection (a WebSocket upgrade, a refusal): every later
    // feed takes nothing.
    void stop() { m_state = State::Stopped; }

    bool betweenRequests() const { return m_state == State::Idle; }
    bool inHead() const { return m_state == State::Head; }
    bool inBody() const;
    bool stopped() const { return m_state == State::Stopped; }
    qint64 bodyBytes() const { return m_bodyCount; } // counted so far for this request

private:
    enum class State {
        Idle, // before a request: empty lines are skipped, as QHttpServer does
        Head,
        WaitingForLimit, // head complete; setBodyLimit() not called yet
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd, // the CRLF after a chunk's data
        LastChunkEnd, // the CRLF after "0": trailers are refused
        Stopped,
    };

    bool parseHead(); // fills m_head from m_headBytes; false when malformed
    Event chunkSizeLine();

    qsizetype m_maxHeadBytes;
    State m_state = State::Idle;
    QByteArray m_headBytes; // the head so far, ending at the empty line
    QByteArray m_line; // a chunk-size line, or the CRLF after chunk data
    RequestHead m_head;
    qint64 m_bodyLimit = 0;
    qint64 m_bodyCount = 0; // body bytes so far (data only, for chunked bodies)
    qint64 m_remaining = 0; // of the fixed body or of the current chunk
    qint64 m_chunkOverhead = 0; // bytes of chunk sizes and line ends so far
};

} // namespace tessera::server
