#pragma once

#include "pass/passresult.h"
#include "protocol/trustlist.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace tessera::server {

class Clock;
class Storage;

// What a device needs to judge passes offline: the issuer keys to trust, the revocation list
// (in pages after a cursor) and the check processes. Blocking; runs on the worker pool.
class ScannerTrust
{
public:
    static constexpr int revocationsPerPage = 1000;

    struct Revocation
    {
        QString passId;
        QString expiresAt;
    };
    struct RevocationPage
    {
        QList<Revocation> revoked;
        qint64 cursor = 0;
        bool hasMore = false;
    };

    ScannerTrust(Storage &storage, const Clock &clock);

    // The current issuer keys and the retired ones whose passes may still be valid.
    PassResult<pass::TrustList> trustList();
    // The revocations after the cursor since of passes that have not expired.
    PassResult<RevocationPage> revocations(qint64 since);
    PassResult<QList<QJsonObject>> checkProcesses();
    // Deletes the revocations of passes expired a day ago.
    bool pruneRevocations();

private:
    Storage &m_storage;
    const Clock &m_clock;
};

} // namespace tessera::server
