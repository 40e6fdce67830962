#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli set-password --user U: a local ID's new password (after the first sign-in with a
// temporary one, or later). The current and the new password come from TESSERA_PASSWORD and
// TESSERA_NEW_PASSWORD, or from two lines of standard input. Signs in on success.
QFuture<int> runSetPassword(CliContext &context);

} // namespace tessera::cli
