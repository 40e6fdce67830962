#include "subsystems/callbackurl.h"

#include <algorithm>

namespace tessera::server {

namespace {

bool refuse(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

// The authority as written (between "//" and the path, query or fragment): QUrl forgets an empty
// user info ("http://@host/"), so its "@" is looked for in the text itself.
QString writtenAuthority(const QString &text)
{
    const qsizetype start = text.indexOf(QLatin1String("//"));
    if (start < 0)
        return {};
    qsizetype end = start + 2;
    while (end < text.size() && text.at(end) != QLatin1Char('/') && text.at(end) != QLatin1Char('?')
        && text.at(end) != QLatin1Char('#') && text.at(end) != QLatin1Char('\\'))
        ++end;
    return text.mid(start + 2, end - start - 2);
}

// RFC 3986 5.2.4 over the path's segments (encoded as written), with percent-encoded dots
// recognised: answers the remaining segments, or nullopt when a segment may not be taken.
std::optional<QStringList> removeDotSegments(const QString &encodedPath, QString *error)
{
    QString path = encodedPath.isEmpty() ? QStringLiteral("/") : encodedPath;
    if (!path.startsWith(QLatin1Char('/'))) {
        refuse(error, QStringLiteral("the path must start with '/'"));
        return std::nullopt;
    }
    const QStringList parts = path.mid(1).split(QLatin1Char('/'));
    QStringList out;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &part = parts.at(i);
        const bool last = i == parts.size() - 1;
        const QString decoded = QUrl::fromPercentEncoding(part.toLatin1());
        const QString beforeParameters = decoded.section(QLatin1Char(';'), 0, 0);
        const bool dots =
            beforeParameters == QLatin1String(".") || beforeParameters == QLatin1String("..");
        if (dots && decoded.contains(QLatin1Char(';'))) {
            refuse(error, QStringLiteral("a dot segment with parameters (\"..;\") is not allowed"));
            return std::nullopt;
        }
        if (decoded == QLatin1String("..")) {
            if (!out.isEmpty())
                out.removeLast();
        } else if (decoded != QLatin1String(".")) {
            out.append(part);
            continue;
        }
        if (last) // "/a/b/.." is "/a/", "/a/." is "/a/"
            out.append(QString());
    }
    return out;
}

} // namespace

std::optional<CallbackUrl> CallbackUrl::parse(const QString &text, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || text.contains(QLatin1Char('\\'))) {
        refuse(error, QStringLiteral("is not a valid URL"));
        return std::nullopt;
    }
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
        refuse(error, QStringLiteral("must be an http or https URL"));
        return std::nullopt;
    }
    if (url.host().isEmpty()) {
        refuse(error, QStringLiteral("has no host"));
        return std::nullopt;
    }
    if (!url.userInfo().isEmpty() || writtenAuthority(text).contains(QLatin1Char('@'))) {
        refuse(error, QStringLiteral("must not carry a user name or password"));
        return std::nullopt;
    }
    if (url.hasFragment()) {
        refuse(error, QStringLiteral("must not have a fragment (#...)"));
        return std::nullopt;
    }
    if (url.port() == 0) {
        refuse(error, QStringLiteral("must not use port 0"));
        return std::nullopt;
    }
    const QString encodedPath = url.path(QUrl::FullyEncoded);
    for (const QLatin1String forbidden :
        { QLatin1String("%2f"), QLatin1String("%5c"), QLatin1String("%00") }) {
        if (encodedPath.contains(forbidden, Qt::CaseInsensitive)) {
            refuse(error,
                QStringLiteral("must not have an encoded slash, backslash or NUL (%1) in its path")
                    .arg(forbidden.toString().toUpper()));
            return std::nullopt;
        }
    }
    const std::optional<QStringList> segments = removeDotSegments(encodedPath, error);
    if (!segments)
        return std::nullopt;

    CallbackUrl result;
    result.m_scheme = scheme;
    result.m_host = url.host(QUrl::FullyEncoded).toLower();
    result.m_port = url.port();
    for (const QString &segment : *segments)
        result.m_segments.append(QUrl::fromPercentEncoding(segment.toLatin1()));
    QUrl normalized;
    normalized.setScheme(scheme);
    normalized.setHost(url.host(QUrl::FullyEncoded), QUrl::StrictMode);
    normalized.setPort(result.m_port);
    normalized.setPath(QLatin1Char('/') + segments->join(QLatin1Char('/')), QUrl::StrictMode);
    if (url.hasQuery())
        normalized.setQuery(url.query(QUrl::FullyEncoded), QUrl::StrictMode);
    if (!normalized.isValid()) {
        refuse(error, QStringLiteral("is not a valid URL once normalized"));
        return std::nullopt;
    }
    result.m_url = normalized;
    return result;
}

int CallbackUrl::effectivePort() const
{
    if (m_port != -1)
        return m_port;
    return m_scheme == QLatin1String("https") ? 443 : 80;
}

bool CallbackUrl::isUnder(const CallbackUrl &prefix) const
{
    if (m_scheme != prefix.m_scheme || m_host != prefix.m_host)
        return false;
    if (prefix.m_port != -1 && effectivePort() != prefix.effectivePort())
        return false;
    QStringList want = prefix.m_segments;
    if (!want.isEmpty() && want.last().isEmpty())
        want.removeLast(); // "/hooks/" is "/hooks", "/" is every path
    if (want.size() > m_segments.size())
        return false;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want.at(i) != m_segments.at(i))
            return false;
    }
    return true;
}

bool CallbackUrl::isUnderAny(const QStringList &prefixes) const
{
    return std::any_of(prefixes.cbegin(), prefixes.cend(), [this](const QString &text) {
        const std::optional<CallbackUrl> prefix = parse(text);
        return prefix && isUnder(*prefix);
    });
}

} // namespace tessera::server
