#pragma once

#include "http/httpresponses.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace tessera::server {

// Stores the answer under the request's Idempotency-Key inside the caller's transaction (so that
// the answer and the change it reports commit together); false when that failed.
using IdempotentComplete = std::function<bool(const HttpResponse &)>;

// Answers a POST that carries an Idempotency-Key (docs/NOTIFICATIONS.md): a fresh key runs work
// once; a finished one replays its answer; one still running answers 409 with Retry-After; one
// reused for another request answers 422. work may store its answer itself through complete
// (inside its transaction); an answer it did not store is stored afterwards, and a 5xx releases
// the key so that a retry runs again. The request's body must be a JSON object.
HttpResponse answerIdempotently(const HttpRequest &request, const QString &scope, QSqlDatabase db,
    const QDateTime &now,
    const std::function<HttpResponse(const IdempotentComplete &complete)> &work);

} // namespace tessera::server
