#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QString>

namespace tessera {

class DeviceInfo;

// Facts about this device for the Profile page, as the QML singleton `Device` (Device.platform,
// Device.osVersion, Device.model). The facts come from the platform seam DeviceInfo (the same
// ones a sign-in sends); the device id is the Session's.
//
// Ownership: the composition root creates it, keeps owning it and hands it over with
// setInstance() before QML is loaded; create() marks it CppOwnership.
class ThisDevice : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Device)
    QML_SINGLETON
    Q_PROPERTY(QString platform READ platform CONSTANT)
    Q_PROPERTY(QString osVersion READ osVersion CONSTANT)
    Q_PROPERTY(QString model READ model CONSTANT)
public:
    // Copies the facts (they do not change while the app runs).
    explicit ThisDevice(const DeviceInfo &device, QObject *parent = nullptr);
    ThisDevice(QString platform, QString osVersion, QString model, QObject *parent = nullptr);

    QString platform() const { return m_platform; }
    QString osVersion() const { return m_osVersion; }
    QString model() const { return m_model; }

    static void setInstance(ThisDevice *device) { s_instance = device; }
    static ThisDevice *create(QQmlEngine *, QJSEngine *engine);

private:
    QString m_platform;
    QString m_osVersion;
    QString m_model;

    inline static QPointer<ThisDevice> s_instance;
};

} // namespace tessera
