#include "scanner/scanrecord.h"

#include "protocol/wiretime.h"
#include "scanner/scanresult.h"

#include <QDateTime>

namespace tessera {

ScanRecord ScanRecord::fromResult(const ScanResult &result, const QString &scannerDeviceId)
{
    ScanRecord record;
    record.passId = result.passId();
    record.process = result.verdict.process;
    record.verdict = result.verdict.kind;
    record.reason = result.verdict.reason;
    record.scannedAt = result.scannedAt;
    record.scannerDeviceId = scannerDeviceId;
    return record;
}

QJsonObject ScanRecord::toJson() const
{
    return QJsonObject {
        { QStringLiteral("passId"), passId },
        { QStringLiteral("process"), process },
        { QStringLiteral("verdict"), pass::verdictName(verdict) },
        { QStringLiteral("reason"), pass::reasonCode(reason) },
        { QStringLiteral("scannedAt"),
            wiretime::format(QDateTime::fromSecsSinceEpoch(scannedAt, Qt::UTC)) },
        { QStringLiteral("scannerDeviceId"), scannerDeviceId },
    };
}

} // namespace tessera
