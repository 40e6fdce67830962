#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace tessera::server {

// A sub-system's webhook callback URL (or one of its API key's callback prefixes), parsed and
// normalized so that it can be compared with a prefix by its parts, never as a string (DESIGN,
// "Notifications and decisions"; docs/NOTIFICATIONS.md).
//
// parse() refuses what could make the URL mean another place than it seems to: not http or
// https, no host, user info (even an empty one), a fragment, port 0, and in the path an encoded
// slash or backslash (%2F, %5C), an encoded NUL (%00), a backslash, or a dot segment carrying
// parameters ("..;x"). It then resolves the dot segments of the path as RFC 3986 section 5.2.4
// says ("." and ".." segments, percent-encoded ones as well: %2e, %2E), so that
// /hooks/../admin, /hooks/%2e%2e/admin and /hooks/./../admin become /admin, and
// //hooks/../admin becomes //admin (an empty first segment is a segment). url() is the
// normalized URL: what is stored and what the webhook dispatcher POSTs to.
class CallbackUrl
{
public:
    static std::optional<CallbackUrl> parse(const QString &text, QString *error = nullptr);

    // Same scheme and host; the same port when the prefix names one (any port of that host when
    // it does not); and prefix's normalized path segments are the first segments of this one
    // (a trailing slash of the prefix aside), compared percent-decoded, one segment at a time:
    // /hooks is under /hooks and /hooks/, not under /hooksx nor //hooks.
    bool isUnder(const CallbackUrl &prefix) const;
    // Under at least one of these prefixes (an API key's; each parsed as above).
    bool isUnderAny(const QStringList &prefixes) const;

    QUrl url() const { return m_url; }
    QString toString() const { return m_url.toString(QUrl::FullyEncoded); }
    // The normalized path's segments, percent-decoded ("/a/b/" gives a, b and an empty one).
    QStringList segments() const { return m_segments; }

private:
    CallbackUrl() = default;
    int effectivePort() const;

    QUrl m_url;
    QString m_scheme; // lower case
    QString m_host; // as QUrl::FullyEncoded gives it (lower case, ACE)
    int m_port = -1; // as written; -1 when none
    QStringList m_segments;
};

} // namespace tessera::server
