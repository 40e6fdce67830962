#pragma once

// Header only (the tessera_testfakes target): the fake of the DeviceInfo seam for every test.
#include "identity/deviceinfo.h"

#include <QString>

namespace tessera::test {

// The device facts a test's Session reports: by default Linux, Debian 12, "unit test"; the inbox
// tests play the app on a phone (model "Pixel 8", "android", "14").
class TestDeviceInfo final : public DeviceInfo
{
public:
    explicit TestDeviceInfo(const QString &model = QStringLiteral("unit test"),
        const QString &platform = QStringLiteral("linux"),
        const QString &osVersion = QStringLiteral("Debian 12"))
        : m_model(model)
        , m_platform(platform)
        , m_osVersion(osVersion)
    { }
    QString platform() const override { return m_platform; }
    QString osVersion() const override { return m_osVersion; }
    QString model() const override { return m_model; }

private:
    QString m_model;
    QString m_platform;
    QString m_osVersion;
};

} // namespace tessera::test
