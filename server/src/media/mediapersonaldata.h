#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// The media a person uploaded as a publisher (their rows: the image's id, type, size and time; the
// bytes are served at /v1/media/{id}), and the refs whose audience names them. An erasure keeps
// their media with the posts that show them (NewsEraser says why), handed to the same stand-in
// author.
inline QList<PersonalTable> mediaPersonalData()
{
    PersonalTable media { QStringLiteral("news"), QStringLiteral("media"),
        { QStringLiteral("user_id") }, {}, { QStringLiteral("bytes") },
        QStringLiteral("the image itself is served at /v1/media/{id} to the audience of the post"
                       " that links to it") };
    media.erase = { standInMade(media.table, QStringLiteral("user_id")),
        pseudonymized(media.table, QStringLiteral("user_id")) };
    media.kept = QStringLiteral("the images of the posts an erasure keeps stay with them, with"
                                " \"Former employee\" as their owner");
    return { media, audienceTable(QStringLiteral("media_refs"), { QStringLiteral("audience") }) };
}

} // namespace tessera::server
