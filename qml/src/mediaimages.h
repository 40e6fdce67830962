#pragma once

#include "foreignsingleton.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QQmlEngine>
#include <QString>

class QQuickAsyncImageProvider;

namespace tessera {

class MediaCache;

// `MediaImages`: card images for QML from the encrypted media cache (DESIGN.md, second round,
// decision 7: the QML engine itself reaches no network). source(url) answers
// "image://tessera-media/KEY" for a medium of the own server (KEY: the SHA-256 of its URL, so no
// server URL reaches QML) and "" for any other URL, which a card then shows as its placeholder; a
// card view's imageResolver returns it. The engine's image provider (makeProvider(), registered
// by ClientServices::addImageProviders) serves KEY from the cache, fetching it once through the
// session when it is not there yet.
class MediaImages : public QObject
{
    Q_OBJECT
public:
    static QString providerId(); // "tessera-media"

    // cache must outlive this object and every engine using its provider.
    explicit MediaImages(MediaCache &cache, QObject *parent = nullptr);
    ~MediaImages() override;

    Q_INVOKABLE QString source(const QString &url);

    // A provider for one engine (the engine owns it).
    QQuickAsyncImageProvider *makeProvider();
    // The URL source() was asked for with key (empty: none); any thread.
    QString urlOf(const QString &key) const;
    MediaCache &cache() const { return m_cache; }

private:
    MediaCache &m_cache;
    mutable QMutex m_mutex;
    QHash<QString, QString> m_urls; // key -> url, for the provider
};

struct MediaImagesForeign : ForeignSingleton<MediaImages>
{
    Q_GADGET
    QML_FOREIGN(tessera::MediaImages)
    QML_SINGLETON
    QML_NAMED_ELEMENT(MediaImages)
};

} // namespace tessera
