#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace tessera::test {

// What the tessera-cli tests share: the environment a run of the CLI gets, and reading its
// `--json` output (one JSON object a line; warnings on stderr may stand between them).

// The JSON object lines of output, in order (other lines left out).
QList<QJsonObject> jsonLines(const QByteArray &output);
// The last JSON object line of output, or an empty object.
QJsonObject lastJson(const QByteArray &output);
// The "error"."code" of the last JSON object line, or empty.
QString errorCode(const QByteArray &output);

// This process's environment without the variables tessera-cli reads (TESSERA_SERVER,
// TESSERA_PASSWORD, TESSERA_NEW_PASSWORD, TESSERA_CA_FILE, TESSERA_PIN, TESSERA_DATA_DIR,
// TESSERA_API_KEY), then TESSERA_SERVER=server, TESSERA_CA_FILE=caFile (when given) and env.
QProcessEnvironment cliEnvironment(
    const QUrl &server, const QString &caFile = {}, const QMap<QString, QString> &env = {});

} // namespace tessera::test
