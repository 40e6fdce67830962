#include "media/mediacache.h"

#include "base/futurewatch.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "media/internal/medialogging.h"
#include "net/apiclient.h"

#include <QPromise>
#include <QRegularExpression>
#include <QUrl>

#include <memory>

namespace tessera {

MediaCache::MediaCache(AuthorizedApi &api, SessionScope &scope, const ServerEndpoint &server,
    qint64 maxBytes, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_serverHost(server.baseUrl().host())
    , m_store(nullptr, maxBytes)
{
    connect(&m_scope, &SessionScope::databaseChanged, this, &MediaCache::followSession);
    followSession();
}

MediaCache::~MediaCache() = default;

void MediaCache::followSession()
{
    m_store.setDatabase(m_scope.database());
}

QString MediaCache::ownMediaPath(const QString &url) const
{
    static const QRegularExpression mediaPath(
        QStringLiteral("^/v1/media/med_[A-Za-z0-9_-]{1,64}$"));
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme() != QLatin1String("https") || parsed.hasQuery()
        || parsed.hasFragment() || !parsed.userInfo().isEmpty()
        || parsed.host().compare(m_serverHost, Qt::CaseInsensitive) != 0)
        return {};
    const QString path = parsed.path(QUrl::FullyEncoded);
    return mediaPath.match(path).hasMatch() ? path : QString();
}

QFuture<std::optional<MediaStore::Medium>> MediaCache::fetch(const QString &url)
{
    auto promise = std::make_shared<QPromise<std::optional<MediaStore::Medium>>>();
    promise->start();
    QFuture<std::optional<MediaStore::Medium>> future = promise->future();
    const QString path = ownMediaPath(url);
    const QString key = MediaStore::keyOf(url);
    const std::optional<MediaStore::Medium> cached =
        path.isEmpty() ? std::nullopt : m_store.find(key);
    if (path.isEmpty() || cached) {
        promise->addResult(cached);
        promise->finish();
        return future;
    }
    whenFinished(this, m_api.getBytes(path), [this, promise, key](const ApiReply &reply) {
        std::optional<MediaStore::Medium> medium;
        if (reply.ok() && reply.httpStatus == 200) {
            medium = MediaStore::Medium { QString::fromLatin1(reply.contentType), reply.etag,
                reply.bytes };
            if (!m_store.put(key, *medium))
                qCInfo(lcMedia) << "a medium was shown without being kept";
        } else {
            qCInfo(lcMedia).noquote() << "a medium could not be fetched:" << reply.describe();
        }
        promise->addResult(medium);
        promise->finish();
    });
    return future;
}

} // namespace tessera
