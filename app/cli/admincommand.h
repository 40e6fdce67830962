#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli admin create-local-user --name N --email E [--geo G] [--role R]...
// [--user-type employee|non_employee]: as the signed-in admin, makes a local ID and prints it
// with its temporary password (valid 72 hours).
QFuture<int> runAdminCreateLocalUser(CliContext &context);

} // namespace tessera::cli
