#pragma once

#include "net/apiclient.h"

namespace tessera::identity {

// An answer made on this device for a request that was never sent (no session, no token).
inline ApiReply localReply(int status, const QString &code, const QString &message)
{
    ApiReply reply;
    reply.kind = ApiReply::Kind::HttpError;
    reply.httpStatus = status;
    reply.error = ApiError { code, message };
    return reply;
}

} // namespace tessera::identity
