#include "mobile/mobilepushchannel.h"

#include "mobile/mobilebridge.h"
#include "mobile/mobilelogging.h"
#include "mobile/mobileos.h"

namespace tessera {

MobilePushChannel::MobilePushChannel(MobileOs &os, MobileBridge &bridge, QObject *parent)
    : PushChannel(parent)
    , m_os(os)
    , m_bridge(bridge)
{
    m_bridge.attach(this);
}

MobilePushChannel::~MobilePushChannel()
{
    m_bridge.detach(this);
}

void MobilePushChannel::requestRegistration()
{
    m_requested = true;
    m_os.requestPushToken();
}

void MobilePushChannel::unregister()
{
    m_requested = false;
    m_registered = false;
    m_current = {};
    m_os.unregisterPush();
}

void MobilePushChannel::receiveRegistration(const PushRegistration &registration)
{
    const bool same = m_registered && registration.transport == m_current.transport
        && registration.endpoint == m_current.endpoint && registration.token == m_current.token;
    if (m_requested) {
        m_requested = false;
        m_registered = true;
        m_current = registration;
        Q_EMIT registered(registration);
        return;
    }
    // Unasked: the OS rotated the token (FCM onNewToken, a new UnifiedPush endpoint) or a token
    // that waited for this channel. Registering is the app's call.
    if (!same) {
        qCInfo(lcMobile) << "push token changed";
        Q_EMIT registrationChanged();
    }
}

void MobilePushChannel::receiveFailure(const QString &reason)
{
    if (!m_requested)
        return;
    m_requested = false;
    Q_EMIT registrationFailed(reason);
}

void MobilePushChannel::receiveMessage(const QByteArray &encrypted)
{
    Q_EMIT messageReceived(encrypted);
}

} // namespace tessera
