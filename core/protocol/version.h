#pragma once

#include <QString>

namespace tessera {

// The product version, the same for the app, the CLI and the server of one build.
QString productVersion();

} // namespace tessera
