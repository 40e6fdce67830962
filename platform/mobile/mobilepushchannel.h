#pragma once

#include "push/pushchannel.h"

namespace tessera {

class MobileBridge;
class MobileOs;

// The PushChannel of both phones: asks MobileOs for the token (FCM, APNs) or UnifiedPush
// endpoint, and hands on what the OS reports through the bridge (mobileentrypoints.h), already
// checked there. A token that comes unasked and differs from the last one is a rotation:
// registrationChanged(), and the app registers again. Attached to the bridge while it lives.
class MobilePushChannel final : public PushChannel
{
    Q_OBJECT
public:
    explicit MobilePushChannel(MobileOs &os, MobileBridge &bridge, QObject *parent = nullptr);
    ~MobilePushChannel() override;

    void requestRegistration() override;
    void unregister() override;

private:
    friend class MobileBridge;
    void receiveRegistration(const PushRegistration &registration);
    void receiveFailure(const QString &reason);
    void receiveMessage(const QByteArray &encrypted);

    MobileOs &m_os;
    MobileBridge &m_bridge;
    bool m_requested = false;
    bool m_registered = false;
    PushRegistration m_current;
};

} // namespace tessera
