#pragma once

#include <QString>

#include <optional>

namespace tessera {

// Platform seam: the sound and the vibration that tell scanner staff a verdict without looking
// at the screen: one short buzz for allow, a long one for deny, two for an action to take. The
// scanner page asks for it once per verdict shown (ScannerControl.feedback). Implemented once
// per OS under platform/<os>/.
class ScanFeedback
{
public:
    enum class Verdict { Allow, Deny, Action };

    virtual ~ScanFeedback();

    virtual void play(Verdict verdict) = 0;
    // How many verdicts were played (for tests and the desktop's logs).
    virtual int played() const = 0;

    // "allow", "deny" or "action" (the scanner's words); nullopt for anything else.
    static std::optional<Verdict> verdictFromName(const QString &name);
};

} // namespace tessera
