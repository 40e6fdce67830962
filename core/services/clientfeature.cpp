#include "services/clientfeature.h"

namespace tessera {

ClientFeature::~ClientFeature() = default;

} // namespace tessera
