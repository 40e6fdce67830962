#pragma once

#include "protocol/passreason.h"

#include <QJsonObject>
#include <QString>

namespace tessera {

struct ScanResult;

// One scan, kept for the server (POST /v1/scans, later): what was scanned, under which check
// process, the verdict and when, by which scanner device. Holds no QR text and no claims beyond
// the pass id.
struct ScanRecord
{
    QString passId; // empty when the code's issuer signature did not hold
    QString process;
    pass::VerdictKind verdict = pass::VerdictKind::Deny;
    pass::Reason reason = pass::Reason::Malformed;
    qint64 scannedAt = 0; // Unix seconds, the scanner's clock
    QString scannerDeviceId;

    static ScanRecord fromResult(const ScanResult &result, const QString &scannerDeviceId);

    // {"passId","process","verdict","reason","scannedAt" (RFC 3339),"scannerDeviceId"}.
    QJsonObject toJson() const;

    friend bool operator==(const ScanRecord &, const ScanRecord &) = default;
};

} // namespace tessera
