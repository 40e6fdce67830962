#pragma once

#include "protocol/trustbundle.h"

#include <QFuture>
#include <QString>

#include <optional>

namespace tessera::cli {

class CliContext;

// tessera-cli scan FILE --process NAME: checks the QR pass codes in an image or a video file
// offline, as a scanner device does (MediaFileSource -> Scanner). Needs a signed-in scanner: the
// trust list, revocations and check processes are synced first (ScannerSync; without a network
// the stored ones serve while they are younger than the maximum age). Prints one JSON line per
// code appearance: {"verdict","reason","action","passId","process","initials","message"}; the
// scan records are queued in the encrypted database and uploaded (ScanUploader).
// With --trust BUNDLE it needs no session: the trust file's issuer keys, check processes and
// revocations are used (refused when older than the scanner's maximum age), and nothing is
// uploaded (offline QA).
QFuture<int> runScan(CliContext &context);

// tessera-cli trust save FILE: a signed-in scanner syncs, then writes what it synced to FILE as
// an offline trust file (pass::TrustBundle, docs/SCANNER.md).
QFuture<int> runTrustSave(CliContext &context);

// Reads and checks a trust file; nullopt with the words in error when it cannot be used.
constexpr qint64 maxTrustFileBytes = qint64 { 64 } * 1024 * 1024;
std::optional<pass::TrustBundle> readTrustFile(const QString &path, QString *error);

} // namespace tessera::cli
