#include "screenguard.h"

namespace tessera {

ScreenGuard::~ScreenGuard() = default;

} // namespace tessera
