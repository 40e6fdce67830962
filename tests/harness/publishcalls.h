#pragma once

#include "testhttp.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tessera::test {

class ServerProcess;

// What the tests of an object a sub-system publishes to people (Home cards, news posts) share
// against the real server: the sub-system's calls with its key, a person's delta read, the ids
// in its answers, the check of an answer against openapi.json, and the file through which such a
// server's clock is moved (--clock-file).
namespace publish {

// The demo sub-system's key (Bearer).
QString demoKey(const ServerProcess &server);
// method on path (/v1/subsystem/...) with body, as the key's sub-system (the demo key when key
// is empty).
HttpResult asKey(const ServerProcess &server, const QByteArray &method, const QString &path,
    const QByteArray &body = {}, const QString &key = {});
// GET path?since= as the person whose token it is (no since: from the start).
HttpResult readSince(const ServerProcess &server, const QString &token, const QString &path,
    const QString &since = {});
// The "id"s of the objects in an answer's array (e.g. "cards", "posts").
QStringList idsIn(const HttpResult &answer, const QString &array);
// The ids an answer's "removed" lists.
QStringList removedIn(const HttpResult &answer);
// The answer fits openapi.json's schema for the operation and status; a warning says what does
// not.
bool fitsOpenApi(const QString &method, const QString &path, const HttpResult &result);
// Writes the seconds the clock of a server started with --clock-file file is ahead.
bool writeClock(const QString &file, qint64 seconds);
// The audience of everyone.
QJsonObject everyone();

} // namespace publish

} // namespace tessera::test
