#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A medium's refs carry the audience of the object that shows it.
inline QList<PersonalTable> mediaPersonalData()
{
    return { audienceTable(QStringLiteral("media_refs"), { QStringLiteral("audience") }) };
}

} // namespace tessera::server
