#pragma once

#include <QQuickAsyncImageProvider>

namespace tessera {

class MediaImages;

// image://tessera-media/KEY: the medium MediaImages::source() named KEY, read from the media cache
// (fetched through the session when it is not there yet) and decoded; an error for a KEY never
// named, a medium the server refuses, or bytes that are no image. Called on the engine's image
// threads; the cache is used on its own thread only.
class MediaImageProvider : public QQuickAsyncImageProvider
{
public:
    explicit MediaImageProvider(MediaImages &images);

    QQuickImageResponse *requestImageResponse(
        const QString &id, const QSize &requestedSize) override;

private:
    MediaImages &m_images;
};

} // namespace tessera
