#include "demoaccounts.h"

#include "serverprocess.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tessera::test {

QJsonObject demoAccount(const ServerProcess &server, const QString &displayName)
{
    const QJsonArray accounts = server.demoAccounts().value(QStringLiteral("accounts")).toArray();
    for (const auto &value : accounts) {
        if (value.toObject().value(QStringLiteral("displayName")).toString() == displayName)
            return value.toObject();
    }
    return {};
}

QJsonObject demoAccountWithRole(const ServerProcess &server, const QString &role)
{
    const QJsonArray accounts = server.demoAccounts().value(QStringLiteral("accounts")).toArray();
    for (const auto &value : accounts) {
        if (value.toObject().value(QStringLiteral("roles")).toArray().contains(QJsonValue(role)))
            return value.toObject();
    }
    return {};
}

QJsonObject demoApiKey(const ServerProcess &server)
{
    return server.demoAccounts().value(QStringLiteral("apiKeys")).toArray().first().toObject();
}

QJsonArray approveRejectActions()
{
    return QJsonArray {
        QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
            { QStringLiteral("label"), QStringLiteral("Approve") } },
        QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
            { QStringLiteral("label"), QStringLiteral("Reject") },
            { QStringLiteral("requiresComment"), true } },
    };
}

QJsonObject leaveRequestFor(const QString &userId)
{
    return QJsonObject {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { userId } } } },
        { QStringLiteral("title"), QStringLiteral("Leave request") },
        { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
        { QStringLiteral("category"), QStringLiteral("leave") },
        { QStringLiteral("priority"), QStringLiteral("normal") },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"), approveRejectActions() },
        { QStringLiteral("reference"), QStringLiteral("HR-4711") },
        { QStringLiteral("delivery"), QStringLiteral("poll") }, // no callback URL
    };
}

QJsonObject withCallback(QJsonObject request, const QString &callbackUrl)
{
    request.insert(QStringLiteral("delivery"), QStringLiteral("webhook"));
    request.insert(QStringLiteral("callbackUrl"), callbackUrl);
    return request;
}

QJsonObject testDevice(const QString &id, const QByteArray &publicKey, const QString &model)
{
    QJsonObject device { { QStringLiteral("id"), id },
        { QStringLiteral("platform"), QStringLiteral("android") },
        { QStringLiteral("osVersion"), QStringLiteral("14") }, { QStringLiteral("model"), model },
        { QStringLiteral("appVersion"), QStringLiteral("1.0.0") } };
    if (!publicKey.isEmpty())
        device.insert(QStringLiteral("publicKey"), QString::fromLatin1(publicKey.toBase64()));
    return device;
}

QJsonObject signInDemo(
    const ServerProcess &server, const QString &displayName, const QJsonObject &device)
{
    const QJsonObject account = demoAccount(server, displayName);
    if (account.isEmpty())
        return {};
    const HttpResult result = httpRequest("POST", server.url(QStringLiteral("/v1/auth/login")),
        QJsonDocument(QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                          { QStringLiteral("username"), account.value(QStringLiteral("username")) },
                          { QStringLiteral("password"), account.value(QStringLiteral("password")) },
                          { QStringLiteral("device"), device } })
            .toJson(QJsonDocument::Compact));
    return result.status == 200 ? result.json() : QJsonObject {};
}

QList<QPair<QByteArray, QByteArray>> bearer(const QString &token, const QByteArray &idempotencyKey)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!token.isEmpty())
        headers.append({ QByteArrayLiteral("Authorization"), "Bearer " + token.toLatin1() });
    if (!idempotencyKey.isEmpty())
        headers.append({ QByteArrayLiteral("Idempotency-Key"), idempotencyKey });
    return headers;
}

} // namespace tessera::test
