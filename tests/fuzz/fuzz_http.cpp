// Fuzz target over what the server reads from a request before any handler trusts it: the JSON
// body (HttpRequest::jsonBody, then the strict JsonReader every handler uses), the query cursor
// and the headers. libFuzzer calls LLVMFuzzerTestOneInput (clang,
// TESSERA_FUZZ); with any compiler, fuzz_driver.cpp replays the seed corpus (corpus-http/) and
// deterministic mutations of it as a unit test (tst_fuzz_http, also under ASan + UBSan).
//
// The first input byte picks what the rest is:
//   0: a request body, read as a notification would be (strings, lists, an object)
//   1: a request body, read field by field in the order the bytes say
//   2: a query string and a header block
// Every input must give a value or a clear error; an invariant broken aborts.
#include "fuzztarget.h"
#include "httpresponses.h"
#include "jsonreader.h"

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
    const std::optional<QJsonObject> object = request.jsonBody(&error);
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

} // namespace

FuzzTarget fuzzTarget()
{
    // JSON and HTTP delimiters, quotes, escapes, control and non-ASCII bytes.
    return { "fuzz_http", 3,
        { '{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', '-', 'e', '.', '\r', '\n', '&', '=',
            '%', ' ', 0x00, 0x1f, 0x7f, 0xc3, 0xe2, 0xf0, 0xff } };
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 3) {
    case 0:
        readAsNotification(rest);
        break;
    case 1:
        readInTheOrderGiven(rest);
        break;
    default:
        readQueryAndHeaders(rest);
        break;
    }
    return 0;
}
