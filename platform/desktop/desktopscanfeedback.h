#pragma once

#include "scanfeedback.h"

namespace tessera {

// ScanFeedback of the desktop (QA) build: desktops have no vibration motor and QA machines are
// often muted, so this counts and logs each verdict (tessera.platform, debug) and plays nothing.
class DesktopScanFeedback final : public ScanFeedback
{
public:
    void play(Verdict verdict) override;
    int played() const override { return m_played; }

private:
    int m_played = 0;
};

} // namespace tessera
