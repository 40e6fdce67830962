#pragma once

#include "foreignsingleton.h"
#include "pass/passholder.h"

namespace tessera {

// `Pass`: core's PassHolder (state, qrText, stepEndsAt, initials, validUntil, statuses,
// errorMessage, refresh() ...).
struct PassForeign : ForeignSingleton<PassHolder>
{
    Q_GADGET
    QML_FOREIGN(tessera::PassHolder)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Pass)
};

} // namespace tessera
