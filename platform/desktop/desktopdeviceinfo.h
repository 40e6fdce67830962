#pragma once

#include "identity/deviceinfo.h"

namespace tessera {

// DeviceInfo of the desktop (QA) build, from QSysInfo.
class DesktopDeviceInfo final : public DeviceInfo
{
public:
    QString platform() const override;
    QString osVersion() const override;
    QString model() const override;
};

} // namespace tessera
