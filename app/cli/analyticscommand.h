#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli analytics on|off: the CLI's own analytics consent for its installation, kept in the
// data folder's encrypted database (AnalyticsRecorder). The CLI records nothing itself; off also
// asks the server to drop the raw events of this installation's ids
// (DELETE /v1/analytics/installations/{id}).
QFuture<int> runAnalytics(CliContext &context);

// tessera-cli admin analytics [--from DAY] [--to DAY]: the daily counts (GET /v1/admin/analytics,
// admins): one line per day, kind, name, platform and app version; with --json one JSON line each.
QFuture<int> runAdminAnalytics(CliContext &context);

} // namespace tessera::cli
