#include "desktopdeviceinfo.h"

#include <QSysInfo>

namespace tessera {

QString DesktopDeviceInfo::platform() const
{
    // QSysInfo::productType() names the Linux distribution ("debian"); the kernel says which OS.
    QString kernel = QSysInfo::kernelType();
    if (kernel == u"winnt")
        return QStringLiteral("windows");
    if (kernel == u"darwin")
        return QStringLiteral("macos");
    return kernel; // "linux", "freebsd", ...
}

QString DesktopDeviceInfo::osVersion() const
{
    const QString version = QSysInfo::productVersion();
    if (version == u"unknown")
        return QSysInfo::productType();
    return QSysInfo::productType() + u' ' + version;
}

QString DesktopDeviceInfo::model() const
{
    return QSysInfo::machineHostName();
}

} // namespace tessera
