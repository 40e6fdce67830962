#pragma once

#include "protocol/passverdict.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace tessera {

// What the scanner reports for one appearance of a QR code.
struct ScanResult
{
    // false when the code's text does not start with "TS1:": some other QR code ("This is not a
    // Tessera pass code."). Its verdict is a deny with reason wrong_prefix or too_long.
    bool isTesseraPass = false;
    pass::Verdict verdict; // allow / deny (reason) / action (text); the claims once signed
    qint64 scannedAt = 0; // the scanner's clock, Unix seconds

    // The pass id once the issuer's signature holds, else empty.
    QString passId() const { return verdict.pass ? verdict.pass->passId : QString(); }
    // The scan line of tessera-cli: {"verdict","reason","action","passId","process"}.
    QJsonObject toJson() const { return verdict.toJson(); }
};

} // namespace tessera

Q_DECLARE_METATYPE(tessera::ScanResult)
