#include "net/apireply.h"

namespace tessera {

QString ApiReply::describe() const
{
    switch (kind) {
    case Kind::Ok:
        return QStringLiteral("OK");
    case Kind::HttpError:
        if (!error.message.isEmpty())
            return error.message;
        return QStringLiteral("The server answered with status %1.").arg(httpStatus);
    case Kind::NetworkError:
        return QStringLiteral("Can't reach the server: %1").arg(error.message);
    case Kind::TlsError:
        return QStringLiteral("The server's identity could not be verified: %1").arg(error.message);
    case Kind::ProtocolError:
        return QStringLiteral("The server's answer was not understood: %1").arg(error.message);
    }
    return error.message;
}

} // namespace tessera
