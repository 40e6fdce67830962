#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// Analytics hold NO user id, username, device or address (DESIGN.md, "People's data"): an app
// sends its events under a random installation id it rotates every 30 days, the routes name no
// one in the access log, and no column of analytics_events or analytics_daily refers to a
// person. So the feature declares no table: there is nothing of a person to export or erase
// (a person's opt-out drops their installations' raw events through the API instead).
inline QList<PersonalTable> analyticsPersonalData()
{
    return {};
}

} // namespace tessera::server
