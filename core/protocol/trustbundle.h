#pragma once

#include "protocol/checkprocess.h"
#include "protocol/trustlist.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace tessera::pass {

// What a scanner needs to check passes offline, in one file: the issuer keys, the check
// processes, the revoked pass ids and when they were synced (docs/SCANNER.md, "Offline trust
// file"). `tessera-cli trust save FILE` writes one from a scanner's sync; `tessera-cli scan
// --trust FILE` checks passes with it, signed out, for QA. Nothing in it is secret.
struct TrustBundle
{
    static constexpr int maxRevoked = 1000000;

    TrustList trust;
    QList<CheckProcess> processes;
    QSet<QString> revoked;
    QDateTime syncedAt; // UTC

    // {"format":"tessera-trust-1","syncedAt","trust":{...},"checkProcesses":{"processes":[...]},
    //  "revoked":["p...",...]}; revoked sorted.
    QJsonObject toJson() const;
    // Strict: unknown fields, another format, a bad time, a bad trust list or process list,
    // revoked ids that are not short strings are errors.
    static std::optional<TrustBundle> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace tessera::pass
