#pragma once

#include <QByteArray>
#include <QFuture>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace tessera::cli {

class CliContext;

// What the sub-system commands (notify, withdraw, deliveries, notifications, events, redeliver,
// ping) share: they need no session, only the sub-system's API key.

// The API key: the first line of --api-key-file FILE, else --key KEY (with a warning on stderr:
// other users of the machine see a command line in the process list), else TESSERA_API_KEY.
// nullopt after printing a usage error when none is given or the file cannot be read.
std::optional<QByteArray> subsystemKey(CliContext &context, const QString &command);

enum class SubsystemMethod { Get, Post, Delete };

// Calls path (with its query) on the server with the API key; on success prints the answer (one
// JSON line with --json, else human(answer)), else the server's error. Answers the exit code:
// 0, or 1 when the server refused or, given succeeded, when succeeded(answer) is false.
QFuture<int> callAsSubsystem(CliContext &context, const QString &command, SubsystemMethod method,
    const QString &path, const QJsonObject &body,
    const std::function<QString(const QJsonObject &)> &human,
    const std::function<bool(const QJsonObject &)> &succeeded = {});

// id as one percent-encoded path segment.
QString pathSegment(const QString &id);

} // namespace tessera::cli
