#pragma once

#include "protocol/apierror.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <chrono>
#include <optional>

namespace tessera {

// The outcome of one call to the server, with enough detail to tell a person what went wrong.
struct ApiReply
{
    enum class Kind {
        Ok, // 2xx with a JSON object body
        HttpError, // the server answered with an error status; error holds its code/message
        NetworkError, // no answer: refused, unreachable, timed out
        TlsError, // the server's certificate or key was not accepted
        ProtocolError, // an answer that is not what the API says (not JSON, too large, ...)
    };

    Kind kind = Kind::NetworkError;
    int httpStatus = 0;
    QJsonObject body;
    // An answer asked for as bytes (ApiClient::RequestOptions::bytes): its body, Content-Type and
    // ETag; httpStatus 304 (Ok) when the If-None-Match sent is still current.
    QByteArray bytes;
    QByteArray contentType;
    QByteArray etag;
    ApiError error;
    int retryAfterSeconds = -1; // the Retry-After header in seconds, -1 when absent
    // Idempotent-Replayed: true: the server's first answer to this Idempotency-Key, sent again (the
    // first was lost on the way); what it says may be older than the server's state now.
    bool replayed = false;
    QDateTime serverDate; // the Date header (UTC), invalid when absent

    bool ok() const { return kind == Kind::Ok; }
    // The Retry-After the server asked for (nullopt when it asked for none).
    std::optional<std::chrono::seconds> retryAfter() const
    {
        if (retryAfterSeconds < 0)
            return std::nullopt;
        return std::chrono::seconds(retryAfterSeconds);
    }
    // One sentence for a person: what happened, in plain words.
    QString describe() const;
};

} // namespace tessera
