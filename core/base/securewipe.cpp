#include "base/securewipe.h"

namespace tessera {

void secureWipe(QByteArray &bytes)
{
    if (!bytes.isEmpty() && bytes.isDetached()) {
        volatile char *p = bytes.data();
        for (qsizetype i = 0; i < bytes.size(); ++i)
            p[i] = 0;
    }
    bytes.clear();
}

} // namespace tessera
