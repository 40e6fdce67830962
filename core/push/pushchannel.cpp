#include "push/pushchannel.h"

namespace tessera {

PushChannel::PushChannel(QObject *parent)
    : QObject(parent)
{ }

PushChannel::~PushChannel() = default;

} // namespace tessera
