#include "thisdevice.h"

#include "identity/deviceinfo.h"
#include "qmllogging.h"

namespace tessera {

ThisDevice::ThisDevice(const DeviceInfo &device, QObject *parent)
    : ThisDevice(device.platform(), device.osVersion(), device.model(), parent)
{ }

ThisDevice::ThisDevice(QString platform, QString osVersion, QString model, QObject *parent)
    : QObject(parent)
    , m_platform(std::move(platform))
    , m_osVersion(std::move(osVersion))
    , m_model(std::move(model))
{ }

ThisDevice *ThisDevice::create(QQmlEngine *, QJSEngine *engine)
{
    if (!s_instance) {
        qCWarning(lcQml) << "Device singleton used before ThisDevice::setInstance";
        return new ThisDevice({}, {}, {}, engine); // owned by the engine (JavaScriptOwnership)
    }
    Q_ASSERT(engine->thread() == s_instance->thread());
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

} // namespace tessera
