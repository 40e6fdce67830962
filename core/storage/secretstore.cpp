#include "storage/secretstore.h"

#include <QPromise>

namespace tessera {

SecretStore::~SecretStore() = default;

QString outcomeName(SecretOutcome outcome)
{
    switch (outcome) {
    case SecretOutcome::Ok:
        return QStringLiteral("ok");
    case SecretOutcome::NotFound:
        return QStringLiteral("not found");
    case SecretOutcome::Unavailable:
        return QStringLiteral("unavailable");
    case SecretOutcome::Denied:
        return QStringLiteral("denied");
    case SecretOutcome::Refused:
        return QStringLiteral("refused");
    }
    return QStringLiteral("unknown");
}

std::optional<SecretResult> SecretStore::validate(const QString &key, const QByteArray *value)
{
    if (key.isEmpty())
        return SecretResult { SecretOutcome::Refused, {}, QStringLiteral("empty secret name") };
    if (value && value->size() > maxSecretBytes)
        return SecretResult { SecretOutcome::Refused, {},
            QStringLiteral("secret larger than %1 bytes").arg(maxSecretBytes) };
    if (value && value->isEmpty())
        return SecretResult { SecretOutcome::Refused, {}, QStringLiteral("empty secret") };
    return std::nullopt;
}

QFuture<SecretResult> SecretStore::ready(SecretResult result)
{
    QPromise<SecretResult> promise;
    promise.start();
    promise.addResult(std::move(result));
    promise.finish();
    return promise.future();
}

} // namespace tessera
