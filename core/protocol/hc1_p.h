#pragma once
// Inside the HC1 decoder (core/protocol/hc1*.cpp): the CWT payload's reader.
#include "protocol/hc1.h"

#include <QCborValue>

namespace tessera::hc1::internal {

// Fills certificate's issuer, times, names and vaccinations from the CWT claims map; false with
// a plain reason in error.
bool readClaims(const QCborValue &claims, Hc1Certificate &certificate, QString &error);

} // namespace tessera::hc1::internal
