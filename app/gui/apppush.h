#pragma once

#include <QObject>

#include <memory>

class QQuickWindow;

namespace tessera {

class ClientStack;
class PushChannel;

// The app's own push in the composition root: after the window's first frame
// (DESIGN.md, second round, decisions 6 and 12) it asks the platform for its push channel and
// hands it to the stack's PushClient, which registers and handles the pushes from then on. On the
// desktop there is none (PlatformFactory::createPushChannel() is null): nothing changes.
class AppPush : public QObject
{
    Q_OBJECT
public:
    // stack and window must outlive this.
    AppPush(ClientStack &stack, QQuickWindow &window);
    ~AppPush() override;

private:
    void build();

    ClientStack &m_stack;
    std::unique_ptr<PushChannel> m_channel;
};

} // namespace tessera
