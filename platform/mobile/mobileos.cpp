#include "mobile/mobileos.h"

namespace tessera {

MobileOs::~MobileOs() = default;

} // namespace tessera
