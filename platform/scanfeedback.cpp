#include "scanfeedback.h"

namespace tessera {

ScanFeedback::~ScanFeedback() = default;

std::optional<ScanFeedback::Verdict> ScanFeedback::verdictFromName(const QString &name)
{
    if (name == u"allow")
        return Verdict::Allow;
    if (name == u"deny")
        return Verdict::Deny;
    if (name == u"action")
        return Verdict::Action;
    return std::nullopt;
}

} // namespace tessera
