#include "net/serverendpoint.h"

#include <QHostAddress>

namespace tessera {

ServerEndpoint::ServerEndpoint(QUrl baseUrl)
    : m_baseUrl(std::move(baseUrl))
{ }

bool ServerEndpoint::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

std::optional<ServerEndpoint> ServerEndpoint::parse(
    const QString &text, PlainHttp plainHttp, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<ServerEndpoint> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (text.trimmed().isEmpty())
        return fail(QStringLiteral("No server address was given."));
    if (!url.isValid() || url.host().isEmpty())
        return fail(QStringLiteral("“%1” is not a server address (expected https://host[:port]).")
                        .arg(text));
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return fail(
            QStringLiteral("A server address may not carry a user name, query or fragment."));
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http")) {
        if (!isLoopbackHost(url.host()))
            return fail(
                QStringLiteral("Plain HTTP is refused for %1: use https://.").arg(url.host()));
        if (plainHttp != PlainHttp::AllowOnLoopback)
            return fail(QStringLiteral("Plain HTTP to %1 needs an explicit opt-in "
                                       "(--allow-plain-http).")
                            .arg(url.host()));
    } else if (scheme != QLatin1String("https")) {
        return fail(QStringLiteral("Unsupported scheme “%1”: use https://.").arg(url.scheme()));
    }
    QUrl base = url;
    base.setScheme(scheme);
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    base.setPath(path);
    return ServerEndpoint(base);
}

QUrl ServerEndpoint::resolve(const QString &path) const
{
    QUrl url = m_baseUrl;
    // A query ("/v1/inbox?since=5") goes to the URL's query, already percent-encoded.
    const qsizetype question = path.indexOf(QLatin1Char('?'));
    url.setPath(m_baseUrl.path() + (question < 0 ? path : path.left(question)));
    if (question >= 0)
        url.setQuery(path.mid(question + 1), QUrl::StrictMode);
    return url;
}

bool ServerEndpoint::isPlainHttp() const
{
    return m_baseUrl.scheme() == QLatin1String("http");
}

} // namespace tessera
