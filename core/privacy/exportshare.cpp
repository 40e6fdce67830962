#include "privacy/exportshare.h"

namespace tessera {

ExportShare::~ExportShare() = default;

} // namespace tessera
