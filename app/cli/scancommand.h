#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli scan FILE --process NAME: checks the QR pass codes in an image or a video file
// offline, as a scanner device does (MediaFileSource -> Scanner). Needs a signed-in scanner: the
// trust list, revocations and check processes are synced first (ScannerSync; without a network
// the stored ones serve while they are younger than the maximum age). Prints one JSON line per
// code appearance: {"verdict","reason","action","passId","process","initials","message"}; the
// scan records are queued in the encrypted database and uploaded (ScanUploader).
QFuture<int> runScan(CliContext &context);

} // namespace tessera::cli
