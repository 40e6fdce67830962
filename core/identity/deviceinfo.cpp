#include "identity/deviceinfo.h"

namespace tessera {

DeviceInfo::~DeviceInfo() = default;

QJsonObject DeviceInfo::toJson(
    const QString &deviceId, const QString &appVersion, const QByteArray &publicKey) const
{
    QJsonObject device {
        { QStringLiteral("id"), deviceId },
        { QStringLiteral("platform"), platform() },
        { QStringLiteral("osVersion"), osVersion() },
        { QStringLiteral("model"), model() },
        { QStringLiteral("appVersion"), appVersion },
    };
    if (!publicKey.isEmpty())
        device.insert(QStringLiteral("publicKey"), QString::fromLatin1(publicKey.toBase64()));
    return device;
}

} // namespace tessera
