#include "mediaimages.h"

#include "media/mediacache.h"
#include "media/mediastore.h"
#include "mediaimageprovider.h"

#include <QMutexLocker>

namespace tessera {

QString MediaImages::providerId()
{
    return QStringLiteral("tessera-media");
}

MediaImages::MediaImages(MediaCache &cache, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
{ }

MediaImages::~MediaImages() = default;

QString MediaImages::source(const QString &url)
{
    if (m_cache.ownMediaPath(url).isEmpty())
        return {};
    const QString key = MediaStore::keyOf(url);
    {
        const QMutexLocker lock(&m_mutex);
        m_urls.insert(key, url);
    }
    return QStringLiteral("image://") + providerId() + QLatin1Char('/') + key;
}

QQuickAsyncImageProvider *MediaImages::makeProvider()
{
    return new MediaImageProvider(*this);
}

QString MediaImages::urlOf(const QString &key) const
{
    const QMutexLocker lock(&m_mutex);
    return m_urls.value(key);
}

} // namespace tessera
