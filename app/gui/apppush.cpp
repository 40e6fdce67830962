#include "apppush.h"

#include "platformfactory.h"
#include "push/pushchannel.h"
#include "push/pushclient.h"
#include "services/clientstack.h"

#include <QQuickWindow>

namespace tessera {

AppPush::AppPush(ClientStack &stack, QQuickWindow &window)
    : m_stack(stack)
{
    // frameSwapped comes from the render thread: built on this one, once.
    connect(&window, &QQuickWindow::frameSwapped, this, &AppPush::build,
        static_cast<Qt::ConnectionType>(Qt::QueuedConnection | Qt::SingleShotConnection));
}

AppPush::~AppPush()
{
    if (PushClient *client = m_stack.part<PushClient>())
        client->setChannel(nullptr);
}

void AppPush::build()
{
    PushClient *client = m_stack.part<PushClient>();
    if (client == nullptr || m_channel)
        return;
    m_channel = PlatformFactory::createPushChannel();
    if (m_channel)
        client->setChannel(m_channel.get());
}

} // namespace tessera
