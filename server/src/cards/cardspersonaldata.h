#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// Home cards hold a person only in their audience.
inline QList<PersonalTable> cardsPersonalData()
{
    return { audienceTable(QStringLiteral("cards")) };
}

} // namespace tessera::server
