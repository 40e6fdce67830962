#pragma once

#include <QList>
#include <QObject>

#include <chrono>
#include <optional>

namespace tessera {

class ClientStack;

// One feature of the signed-in client as the ClientStack builds it: its parts (the objects a
// user of the stack reaches through ClientStack::part<T>()), made for the stack's session when
// the feature is added, destroyed with the stack (features in the reverse order of their
// building, each its parts in reverse).
class ClientFeature
{
public:
    virtual ~ClientFeature();

    // The objects of this feature, in the order they were built.
    virtual QList<QObject *> parts() const = 0;
    // The stack starts following the session (ClientStack::start()) or stops.
    virtual void start() { }
    virtual void stop() { }
    // The app went to the background (false) or came back (true).
    virtual void setForeground(bool foreground) { Q_UNUSED(foreground); }
};

} // namespace tessera
