#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace tessera {

// Where the server is. HTTPS always; plain HTTP only to a loopback address, and only when the
// caller asked for it explicitly (QA against a local reference server).
class ServerEndpoint
{
public:
    enum class PlainHttp { Refuse, AllowOnLoopback };

    static std::optional<ServerEndpoint> parse(
        const QString &text, PlainHttp plainHttp, QString *error);

    QUrl baseUrl() const { return m_baseUrl; }
    // path is absolute on the server ("/v1/health"), optionally with a percent-encoded query
    // ("/v1/inbox?since=5"); a base URL's own path is kept as a prefix.
    QUrl resolve(const QString &path) const;
    bool isPlainHttp() const;

    static bool isLoopbackHost(const QString &host);

private:
    explicit ServerEndpoint(QUrl baseUrl);
    QUrl m_baseUrl;
};

} // namespace tessera
