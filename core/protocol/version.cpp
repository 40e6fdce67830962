#include "protocol/version.h"

namespace tessera {

QString productVersion()
{
    return QStringLiteral(TESSERA_VERSION);
}

} // namespace tessera
