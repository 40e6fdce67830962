#include "identity/deviceinfo.h"

namespace tessera {

DeviceInfo::~DeviceInfo() = default;

} // namespace tessera
