#include "desktopscanfeedback.h"

#include "platformlogging.h"

namespace tessera {

void DesktopScanFeedback::play(Verdict verdict)
{
    ++m_played;
    qCDebug(lcPlatform) << "scan feedback" << static_cast<int>(verdict)
                        << "(desktop: no sound, no vibration)";
}

} // namespace tessera
