#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli pass show: the signed-in person's QR pass drawn in the terminal (Unicode half
// blocks, light modules as blocks for a dark terminal), with the initials and validity; --json
// prints {"passId","initials","subject","userType","issuedAt","validUntil","stepEndsAt",
// "qrText","statuses"}. The pass comes from the local database while it is fresh (also offline)
// and from GET /v1/pass when there is none or it is due for renewal (PassHolder).
QFuture<int> runPassShow(CliContext &context);
// tessera-cli pass png FILE: the current step's QR code as a PNG image.
QFuture<int> runPassPng(CliContext &context);

} // namespace tessera::cli
