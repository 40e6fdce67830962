#include "protocol/passverdict.h"

namespace tessera::pass {

QJsonObject Verdict::toJson() const
{
    return QJsonObject {
        { QStringLiteral("verdict"), verdictName(kind) },
        { QStringLiteral("reason"), reasonCode() },
        { QStringLiteral("action"), action },
        { QStringLiteral("passId"), pass ? pass->passId : QString() },
        { QStringLiteral("process"), process },
    };
}

} // namespace tessera::pass
