#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// The media a person uploaded as a publisher (their rows: the image's id, type, size and time; the
// bytes are served at /v1/media/{id}), and the refs whose audience names them. An erasure deletes
// their media and whatever links them.
inline QList<PersonalTable> mediaPersonalData()
{
    PersonalTable media { QStringLiteral("news"), QStringLiteral("media"),
        { QStringLiteral("user_id") }, {}, { QStringLiteral("bytes") },
        QStringLiteral("the image itself is served at /v1/media/{id} to the audience of the post"
                       " that links to it") };
    media.erase = { QStringLiteral("DELETE FROM media_refs WHERE media_id IN (SELECT id FROM media"
                                   " WHERE user_id = {user})"),
        QStringLiteral("DELETE FROM media WHERE user_id = {user}") };
    return { media, audienceTable(QStringLiteral("media_refs"), { QStringLiteral("audience") }) };
}

} // namespace tessera::server
