#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's vaccination records and their certificates (the bytes and the decoded HC1 fields,
// both sealed, withheld from the export: they are served at /v1/health-records/{id}/certificate
// and /v1/health-records). A medical person's decisions name them in decided_by. An erasure
// deletes the person's records and certificates, and puts a pseudonym where they decided someone
// else's.
inline QList<PersonalTable> healthPersonalData()
{
    PersonalTable records { QStringLiteral("health"), QStringLiteral("health_records"),
        { QStringLiteral("user_id"), QStringLiteral("decided_by") },
        QStringLiteral("user_id = {user}"), { QStringLiteral("decided_by") },
        QStringLiteral("who decided is the medical staff's, not the person's") };
    records.erase = { QStringLiteral("DELETE FROM health_records WHERE user_id = {user}"),
        pseudonymized(QStringLiteral("health_records"), QStringLiteral("decided_by")) };
    PersonalTable certificates { QStringLiteral("health"), QStringLiteral("health_certificates"),
        { QStringLiteral("user_id") }, {}, { QStringLiteral("sealed"), QStringLiteral("fields") },
        QStringLiteral("the certificate itself is served at"
                       " /v1/health-records/{id}/certificate to the person, its decoded fields"
                       " (sealed too) with the record at /v1/health-records") };
    // Erased last declared first: the certificates go before the records they refer to.
    return { records, certificates };
}

} // namespace tessera::server
