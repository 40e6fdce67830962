#include "mediaimageprovider.h"

#include "base/futurewatch.h"
#include "media/mediacache.h"
#include "mediaimages.h"

#include <QImage>
#include <QMutex>
#include <QMutexLocker>

#include <memory>

namespace tessera {

namespace {

class MediaImageResponse;

// What the fetch (on the cache's thread) and the response (on an image thread) share: the
// response may be gone before the fetch ends.
struct Outcome
{
    QMutex mutex;
    MediaImageResponse *response = nullptr;
    QImage image;
    QString error;
};

class MediaImageResponse : public QQuickImageResponse
{
public:
    explicit MediaImageResponse(std::shared_ptr<Outcome> outcome)
        : m_outcome(std::move(outcome))
    {
        const QMutexLocker lock(&m_outcome->mutex);
        m_outcome->response = this;
    }
    ~MediaImageResponse() override
    {
        const QMutexLocker lock(&m_outcome->mutex);
        m_outcome->response = nullptr;
    }

    QQuickTextureFactory *textureFactory() const override
    {
        const QMutexLocker lock(&m_outcome->mutex);
        return QQuickTextureFactory::textureFactoryForImage(m_outcome->image);
    }
    QString errorString() const override
    {
        const QMutexLocker lock(&m_outcome->mutex);
        return m_outcome->error;
    }

    // Sets the outcome and says so (any thread).
    static void finish(const std::shared_ptr<Outcome> &outcome, QImage image, QString error)
    {
        const QMutexLocker lock(&outcome->mutex);
        outcome->image = std::move(image);
        outcome->error = std::move(error);
        if (outcome->response)
            Q_EMIT outcome->response->finished();
    }

private:
    std::shared_ptr<Outcome> m_outcome;
};

} // namespace

MediaImageProvider::MediaImageProvider(MediaImages &images)
    : m_images(images)
{ }

QQuickImageResponse *MediaImageProvider::requestImageResponse(
    const QString &id, const QSize &requestedSize)
{
    auto outcome = std::make_shared<Outcome>();
    auto *response = new MediaImageResponse(outcome);
    const QString url = m_images.urlOf(id);
    if (url.isEmpty()) {
        MediaImageResponse::finish(outcome, {}, QStringLiteral("no such medium"));
        return response;
    }
    MediaCache *cache = &m_images.cache();
    QMetaObject::invokeMethod(cache, [cache, url, outcome, requestedSize] {
        whenFinished(cache, cache->fetch(url),
            [outcome, requestedSize](const std::optional<MediaStore::Medium> &medium) {
                if (!medium) {
                    MediaImageResponse::finish(outcome, {}, QStringLiteral("medium not available"));
                    return;
                }
                QImage image = QImage::fromData(medium->bytes);
                if (image.isNull()) {
                    MediaImageResponse::finish(outcome, {}, QStringLiteral("not an image"));
                    return;
                }
                if (requestedSize.isValid() && !requestedSize.isEmpty())
                    image =
                        image.scaled(requestedSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
                MediaImageResponse::finish(outcome, std::move(image), {});
            });
    });
    return response;
}

} // namespace tessera
