#include "notify/notifier.h"

namespace tessera {

Notifier::Notifier(QObject *parent)
    : QObject(parent)
{ }

Notifier::~Notifier() = default;

} // namespace tessera
