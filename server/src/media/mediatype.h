#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace tessera::server {

// The image types card media may have, told by their bytes' magic numbers (never by a name or a
// declared type alone): PNG, JPEG, GIF and WebP.
class MediaType
{
public:
    // "image/png", "image/jpeg", "image/gif", "image/webp".
    static const QStringList &accepted();
    // The type bytes begin like; empty when none of accepted().
    static QString sniff(QByteArrayView bytes);
    // A Content-Type header's media type, lower-case, without parameters ("image/PNG; x=y" is
    // "image/png").
    static QString essence(const QByteArray &contentType);
};

} // namespace tessera::server
