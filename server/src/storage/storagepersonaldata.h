#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// The audit trail names the person as the one who acted or the one acted on.
// An erasure keeps the trail with a pseudonym in the person's place (DESIGN.md, decision 9).
inline QList<PersonalTable> storagePersonalData()
{
    PersonalTable audit { QStringLiteral("audit"), QStringLiteral("audit_log"),
        { QStringLiteral("actor"), QStringLiteral("target"), QStringLiteral("detail") },
        QStringLiteral("actor = {user} OR target = {user}") };
    audit.erase = { pseudonymized(QStringLiteral("audit_log"), QStringLiteral("actor")),
        pseudonymized(QStringLiteral("audit_log"), QStringLiteral("target")),
        nameReplaced(QStringLiteral("audit_log"), QStringLiteral("detail")),
        QStringLiteral("UPDATE audit_log SET detail = REPLACE(detail, {username}, {pseudonym})"
                       " WHERE detail LIKE '%' || {username} || '%'") };
    return { audit };
}

} // namespace tessera::server
