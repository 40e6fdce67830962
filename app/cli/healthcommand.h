#pragma once

#include <QFuture>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace tessera {
struct ApiReply;
}

namespace tessera::cli {

class CliContext;

// tessera-cli health: the signed-in person's vaccination records (GET /v1/health-records), one
// line each with its state (and a rejection's reason); --json: one record a line.
QFuture<int> runHealth(CliContext &context);
// tessera-cli health add --vaccine CODE --dose N --date YYYY-MM-DD --country CC
// [--certificate FILE]: registers a dose (POST /v1/health-records, with an Idempotency-Key), then
// sends the certificate (PUT .../certificate; a file that is no photo, PDF or HC1 code, or over
// 5 MiB, is refused before anything is sent); the server's refusal is printed as it words it.
QFuture<int> runHealthAdd(CliContext &context);
// A record's HC1 certificate for the text output: the signature's state, the name and date of
// birth, each dose, a line each (indented, each line after a newline); empty for a certificate of
// another kind or none. `health` and `medical pending` print it under the record.
QString hc1CertificateLines(const QJsonObject &certificate);
// The record of a {"record":{...}} answer (a dose registered or decided); an empty object after
// printing in words why there is none (the server's refusal, or an answer that is no record).
QJsonObject answeredRecord(CliContext &context, const ApiReply &reply);
// GETs path's {"records":[...]} and prints each with line (--json: the record), or empty when
// there are none; a failure or another answer is printed in words (exit 1).
QFuture<int> printRecords(CliContext &context, const QString &path, const QString &empty,
    const std::function<QString(const QJsonObject &)> &line);

} // namespace tessera::cli
