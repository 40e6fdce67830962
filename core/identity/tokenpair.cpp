#include "identity/tokenpair.h"

#include "base/securewipe.h"
#include "protocol/wiretime.h"
#include "storage/secretstore.h"

#include <algorithm>

namespace tessera {

TokenPair::~TokenPair()
{
    secureWipe(accessToken);
    secureWipe(refreshToken);
}

std::optional<TokenPair> TokenPair::fromReply(const ApiReply &reply, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<TokenPair> {
        *error = message;
        return std::nullopt;
    };
    const QJsonObject &body = reply.body;
    TokenPair tokens;
    tokens.accessToken = body.value(QStringLiteral("accessToken")).toString().toLatin1();
    tokens.refreshToken = body.value(QStringLiteral("refreshToken")).toString().toLatin1();
    if (tokens.accessToken.isEmpty() || tokens.refreshToken.isEmpty())
        return fail(QStringLiteral("the answer carries no token pair"));
    if (tokens.accessToken.size() > SecretStore::maxSecretBytes
        || tokens.refreshToken.size() > SecretStore::maxSecretBytes)
        return fail(QStringLiteral("a token is larger than the secure store takes"));
    const auto expiry =
        wiretime::parse(body.value(QStringLiteral("accessTokenExpiresAt")).toString());
    if (!expiry)
        return fail(QStringLiteral("accessTokenExpiresAt is not an RFC 3339 time"));
    // The server's times are by its clock: carry the lifetime over to this device's clock with
    // the answer's Date header. Without one, assume the clocks agree, within reason.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime serverNow = reply.serverDate.isValid() ? reply.serverDate : now;
    qint64 lifetime = serverNow.secsTo(*expiry);
    lifetime = std::clamp<qint64>(lifetime, 60, qint64 { 30 } * 24 * 3600);
    tokens.accessIssued = now;
    tokens.accessExpiry = now.addSecs(lifetime);
    if (body.contains(QStringLiteral("user"))) {
        QString problem;
        tokens.user =
            UserProfile::fromJson(body.value(QStringLiteral("user")).toObject(), &problem);
        if (!tokens.user)
            return fail(problem);
    }
    return tokens;
}

} // namespace tessera
