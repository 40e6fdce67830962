#pragma once

#include "attest/attesttoday.h"
#include "foreignsingleton.h"

namespace tessera {

// `Attest`: core's AttestToday (card, hasForm, answeredToday, pending, day, answerLines, loading,
// error, refresh(), submit(values)).
struct AttestForeign : ForeignSingleton<AttestToday>
{
    Q_GADGET
    QML_FOREIGN(tessera::AttestToday)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Attest)
};

} // namespace tessera
