// Fuzz target over what the server reads from a request before any handler trusts it: the front
// door's framing (RequestFramer), the route table (body limits by raw target, authorization),
// the JSON body (HttpRequest::jsonBody, then the strict JsonReader every handler uses), the query
// cursor and the headers. libFuzzer calls LLVMFuzzerTestOneInput (clang,
// TESSERA_FUZZ); with any compiler, fuzz_driver.cpp replays the seed corpus (corpus-http/) and
// deterministic mutations of it as a unit test (tst_fuzz_http, also under ASan + UBSan).
//
// The first input byte picks what the rest is:
//   0: a request body, read as a notification would be (strings, lists, an object)
//   1: a request body, read field by field in the order the bytes say
//   2: a query string and a header block
//   3: a connection's bytes through the request framer, fed whole and in pieces
//   4: a method, a request-target and a bearer token through the route table
// Every input must give a value or a clear error; an invariant broken aborts.
#include "fuzztarget.h"
#include "http/httpresponses.h"
#include "http/jsonreader.h"
#include "http/requestframer.h"
#include "http/routetable.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

using namespace tessera::server;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

bool hasControlCharacters(const QString &text)
{
    return std::any_of(
        text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

// A string JsonReader handed out is what the request said, within its bounds.
void checkString(const JsonReader &reader, const QJsonObject &object, const QString &field,
    const QString &value, qsizetype maxLength)
{
    if (value.isEmpty())
        return;
    require(reader.ok());
    require(value.size() <= maxLength);
    require(!hasControlCharacters(value));
    require(object.value(field).toString() == value);
}

// The first error wins: once failed, a reader stays failed with the same message.
class ErrorWatch
{
public:
    explicit ErrorWatch(const JsonReader &reader)
        : m_reader(reader)
    { }
    void check()
    {
        require(m_reader.ok() == m_reader.error().isEmpty());
        if (!m_error.isEmpty())
            require(m_reader.error() == m_error);
        m_error = m_reader.error();
    }

private:
    const JsonReader &m_reader;
    QString m_error;
};

std::optional<QJsonObject> body(QByteArrayView bytes)
{
    HttpRequest request;
    request.body = bytes.toByteArray();
    QString error;
    std::optional<QJsonObject> object = request.jsonBody(&error);
    require(object.has_value() == error.isEmpty());
    return object;
}

void readAsNotification(QByteArrayView bytes)
{
    const std::optional<QJsonObject> object = body(bytes);
    if (!object)
        return;
    JsonReader reader(*object);
    ErrorWatch watch(reader);
    reader.allowOnly({ QStringLiteral("title"), QStringLiteral("body"),
        QStringLiteral("recipients"), QStringLiteral("actions"), QStringLiteral("reference") });
    watch.check();
    if (reader.ok()) {
        for (const QString &key : object->keys())
            require(key == QStringLiteral("title") || key == QStringLiteral("body")
                || key == QStringLiteral("recipients") || key == QStringLiteral("actions")
                || key == QStringLiteral("reference"));
    }
    const QString title = reader.string(QStringLiteral("title"), 200);
    watch.check();
    checkString(reader, *object, QStringLiteral("title"), title, 200);
    const QString text = reader.optionalString(QStringLiteral("body"), 4000);
    watch.check();
    checkString(reader, *object, QStringLiteral("body"), text, 4000);
    const QJsonObject recipients = reader.object(QStringLiteral("recipients"));
    watch.check();
    if (reader.ok())
        require(object->value(QStringLiteral("recipients")).toObject() == recipients);
    JsonReader inner(recipients, QStringLiteral("recipients"));
    const QStringList users = inner.stringList(QStringLiteral("users"), 100, 64);
    require(inner.ok() || users.isEmpty());
    require(users.size() <= 100);
    for (const QString &user : users)
        require(!user.isEmpty() && user.size() <= 64 && !hasControlCharacters(user));
    if (!inner.ok())
        require(inner.error().startsWith(QStringLiteral("“recipients.")));
}

void readInTheOrderGiven(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    const std::uint8_t plan = std::uint8_t(bytes.front());
    const std::optional<QJsonObject> object = body(bytes.sliced(1));
    if (!object)
        return;
    JsonReader reader(*object, (plan & 1) ? QStringLiteral("item") : QString());
    ErrorWatch watch(reader);
    const QStringList fields = object->keys();
    for (int i = 0; i < fields.size() && i < 16; ++i) {
        const QString &field = fields.at(i);
        const qsizetype limit = 1 + ((plan >> 1) % 8) * 16;
        switch ((plan + i) % 4) {
        case 0:
            checkString(reader, *object, field, reader.string(field, limit), limit);
            break;
        case 1:
            checkString(reader, *object, field, reader.optionalString(field, limit), limit);
            break;
        case 2:
            reader.object(field);
            break;
        default:
            for (const QString &item : reader.stringList(field, 4, limit))
                require(item.size() <= limit);
            break;
        }
        watch.check();
    }
}

void readQueryAndHeaders(QByteArrayView bytes)
{
    const qsizetype split = bytes.indexOf('\n');
    HttpRequest request;
    request.query = QUrlQuery(QString::fromUtf8(split < 0 ? bytes : bytes.first(split)));
    if (const auto since = request.sinceCursor())
        require(*since >= 0);
    if (split < 0)
        return;
    for (const QByteArray &line : bytes.sliced(split + 1).toByteArray().split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.append({ line.first(colon), line.sliced(colon + 1).trimmed() });
    }
    for (const auto &header : std::as_const(request.headers)) {
        const QByteArray found = request.header(header.first.toUpper());
        // The first header of that name, whatever its case.
        for (const auto &other : std::as_const(request.headers)) {
            if (other.first.compare(header.first, Qt::CaseInsensitive) == 0) {
                require(found == other.second);
                break;
            }
        }
    }
}

// What the framer said about a connection's bytes: its events (NeedMore left out) and the heads
// it completed.
struct Framing
{
    QList<RequestFramer::Event> events;
    QList<QByteArray> heads; // method, target, version, length, chunked of each head
    bool operator==(const Framing &other) const
    {
        return events == other.events && heads == other.heads;
    }
};

Framing frame(QByteArrayView bytes, qsizetype piece, qint64 bodyLimit)
{
    using Event = RequestFramer::Event;
    constexpr qsizetype maxHead = 512;
    RequestFramer framer(maxHead);
    Framing result;
    qsizetype at = 0;
    while (at < bytes.size() && !framer.stopped()) {
        const QByteArrayView data = bytes.sliced(at, std::min(piece, bytes.size() - at));
        qsizetype used = 0;
        while (used < data.size() && !framer.stopped()) {
            qsizetype taken = -1;
            Event event = framer.feed(data.sliced(used), &taken);
            require(taken >= 0 && taken <= data.size() - used);
            require(event != Event::NeedMore || taken == data.size() - used);
            used += taken;
            if (event == Event::HeadComplete) {
                const RequestHead &head = framer.head();
                require(head.target.startsWith('/') || head.target == "*");
                require(head.minorVersion == 0 || head.minorVersion == 1);
                require(head.method.size() + head.target.size() <= maxHead);
                require(!(head.chunked && head.contentLength >= 0));
                result.heads.append(head.method + ' ' + head.target + ' '
                    + QByteArray::number(head.minorVersion) + ' '
                    + QByteArray::number(head.contentLength) + (head.chunked ? " c" : ""));
                result.events.append(event);
                event = framer.setBodyLimit(bodyLimit);
            }
            if (event != Event::NeedMore)
                result.events.append(event);
            if (event == Event::BodyTooLarge || event == Event::Malformed
                || event == Event::HeadTooLarge)
                require(framer.stopped());
            if (framer.inBody() || event == Event::RequestComplete)
                require(framer.bodyBytes() <= bodyLimit);
            if (event == Event::NeedMore && taken == 0)
                break;
        }
        at += data.size();
    }
    return result;
}

// Whole or in pieces of any size, the framer sees the same requests.
void readFraming(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    const qsizetype piece = 1 + std::uint8_t(bytes.front()) % 13;
    const qint64 limit = qint64(64) * (1 + std::uint8_t(bytes.front()) % 5);
    const QByteArrayView stream = bytes.sliced(1);
    const Framing whole = frame(stream, std::max<qsizetype>(1, stream.size()), limit);
    require(frame(stream, piece, limit) == whole);
}

// A route table of the server's shapes: body limits by raw target, and who gets past it.
void readRouting(QByteArrayView bytes)
{
    static RouteTable *const table = [] {
        auto *routes = new RouteTable;
        const auto answer = [](const HttpRequest &) { return http::noContent(); };
        using M = RouteTable::Method;
        routes->add(M::Post, QStringLiteral("/v1/auth/login"), Access::Public, answer);
        routes->setMaxBodyBytes(
            M::Post, QStringLiteral("/v1/auth/login"), RouteTable::signInBodyBytes);
        routes->add(M::Get, QStringLiteral("/v1/inbox/{id}"), Access::Employee, answer);
        routes->add(M::Post, QStringLiteral("/v1/inbox/{id}/decision"), Access::Employee, answer);
        routes->add(
            M::Put, QStringLiteral("/v1/admin/users/{id}/statuses/{claim}"), Access::Admin, answer);
        routes->add(
            M::Post, QStringLiteral("/v1/notifications"), ApiScope::NotificationsWrite, answer);
        routes->setAuthenticator([](const QByteArray &token) -> std::optional<Principal> {
            if (token == "tsa_admin")
                return Principal { {}, {}, QStringLiteral("L1"), QStringLiteral("d"),
                    QStringLiteral("local"), QStringLiteral("non_employee"),
                    { QStringLiteral("admin") }, {}, {} };
            // A sub-system's key with every scope.
            if (token == "tsk_key") {
                QStringList scopes;
                for (const ApiScope scope : apiscope::all())
                    scopes.append(apiscope::name(scope));
                return Principal { QStringLiteral("key_1"), QStringLiteral("hr"), {}, {}, {}, {},
                    {}, {}, scopes };
            }
            return std::nullopt;
        });
        return routes;
    }();
    const QList<QByteArrayView> parts = [&] {
        QList<QByteArrayView> split;
        qsizetype start = 0;
        for (int i = 0; i < 2; ++i) {
            const qsizetype space = bytes.indexOf(' ', start);
            if (space < 0)
                break;
            split.append(bytes.sliced(start, space - start));
            start = space + 1;
        }
        split.append(bytes.sliced(start));
        return split;
    }();
    const QByteArrayView method = parts.value(0);
    const QByteArrayView target = parts.value(1);
    const qint64 limit = table->maxBodyBytesFor(method, target);
    require(limit == RouteTable::jsonBodyBytes || limit == RouteTable::signInBodyBytes
        || limit == RouteTable::unroutedBodyBytes);
    // The query never changes the route; HEAD is GET.
    if (!target.contains('?'))
        require(
            table->maxBodyBytesFor(method, QByteArray(target.toByteArray() + "?x=/v1/auth/login"))
            == limit);
    if (method == "HEAD")
        require(table->maxBodyBytesFor("GET", target) == limit);

    HttpRequest request;
    request.headers.append({ QByteArrayLiteral("Authorization"), parts.value(2).toByteArray() });
    for (const Access access :
        { Access::Public, Access::SignedIn, Access::Employee, Access::Admin, Access::Subsystem }) {
        HttpRequest copy = request;
        const std::optional<HttpResponse> refusal = table->authorize(access, copy);
        if (access == Access::Public) {
            require(!refusal);
            continue;
        }
        // Only the one token the authenticator knows gets past, and only where an admin may.
        const QByteArray header = parts.value(2).toByteArray().trimmed();
        const bool admin = header.size() > 7 && header.left(7).toLower() == "bearer "
            && header.mid(7).trimmed() == "tsa_admin";
        require(refusal.has_value()
            == !(admin && access != Access::Employee && access != Access::Subsystem));
        if (refusal)
            require(refusal->status == 401 || refusal->status == 403);
        else
            require(copy.principal.has_value());
    }
    // The key gets past exactly where a scope opens a sub-system route: never without a scope
    // (the check fails closed), never on a person's route.
    const QByteArray header = parts.value(2).toByteArray().trimmed();
    if (header.size() > 7 && header.left(7).toLower() == "bearer "
        && header.mid(7).trimmed() == "tsk_key") {
        HttpRequest scoped = request;
        require(!table->authorize(Access::Subsystem, scoped, ApiScope::NotificationsWrite));
        require(scoped.principal.has_value() && scoped.principal->isSubsystem());
    }
}

} // namespace

FuzzTarget fuzzTarget()
{
    // JSON and HTTP delimiters, quotes, escapes, control and non-ASCII bytes.
    return { "fuzz_http", 5,
        { '{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', '-', 'e', '.', '\r', '\n', '&', '=',
            '%', ' ', '/', '?', 0x00, 0x1f, 0x7f, 0xc3, 0xe2, 0xf0, 0xff } };
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 5) {
    case 0:
        readAsNotification(rest);
        break;
    case 1:
        readInTheOrderGiven(rest);
        break;
    case 2:
        readQueryAndHeaders(rest);
        break;
    case 3:
        readFraming(rest);
        break;
    default:
        readRouting(rest);
        break;
    }
    return 0;
}
