#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

#include <QSqlDatabase>
#include <QString>

namespace tessera::server {

class SecretSeal;

class Clock;
class Storage;

// The QR pass's server half (docs/PASS_FORMAT.md, issue 7): issuer keys (made at first start,
// rotated by an admin), passes for a person's device, the trust list, the revocation list, the
// check processes, people's statuses, and the scanners' scan records. Blocking; runs on the
// worker pool.
class PassService
{
public:
    static constexpr qint64 passLifetimeSeconds = 24 * 3600;
    static constexpr int maxScansPerUpload = 500;

    // A scan record's scannedAt may be this far ahead of the server's clock (scanners correct
    // their clock from the server's Date header).
    static constexpr qint64 maxScanAheadSeconds = 300;

    // scanRecordDays: how long scan records are kept (older ones are refused at upload).
    PassService(
        Storage &storage, const Clock &clock, const SecretSeal &seal, int scanRecordDays = 90);

    // Makes the first issuer key and the default check processes (office-entry,
    // medical-check) when there are none. false (error) when the database refuses.
    bool ensureDefaults(QString *error);
    void addRoutes(RouteTable &routes);
    // Deletes scan records older than days and revocations of passes expired a day ago.
    bool prune(int scanRecordDays) const;

    HttpResponse pass(const HttpRequest &request);
    HttpResponse trust(const HttpRequest &request);
    HttpResponse revocations(const HttpRequest &request);
    HttpResponse checkProcesses(const HttpRequest &request);
    HttpResponse uploadScans(const HttpRequest &request);
    HttpResponse revokePass(const HttpRequest &request);
    HttpResponse revokeDevice(const HttpRequest &request);
    HttpResponse setStatus(const HttpRequest &request);
    HttpResponse putCheckProcess(const HttpRequest &request);
    HttpResponse rotateIssuerKey(const HttpRequest &request);

    // "Asha Rao" -> "AR"; at most 3 letters, never the full name.
    static QString initialsOf(const QString &displayName, const QString &fallback);

private:
    Storage &m_storage;
    const Clock &m_clock;
    const SecretSeal &m_seal;
    int m_scanRecordDays;
};

} // namespace tessera::server
