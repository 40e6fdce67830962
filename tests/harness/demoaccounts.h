#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace tessera::test {

class ServerProcess;

// The demo data of a server started with --demo (DATA/demo-accounts.json), and signing its
// people in, as the integration tests need them.

// The account whose displayName is displayName ({"username","password","kind","userId",...}),
// or an empty object.
QJsonObject demoAccount(const ServerProcess &server, const QString &displayName);
// The first demo account holding role ("admin", "scanner" ...), or an empty object.
QJsonObject demoAccountWithRole(const ServerProcess &server, const QString &role);
// The demo sub-system's API key: {"id","subsystem","key","webhookSecret","callbackPrefix"}.
QJsonObject demoApiKey(const ServerProcess &server);
// A login "device" object for a test device.
QJsonObject testDevice(const QString &id, const QByteArray &publicKey = {},
    const QString &model = QStringLiteral("Pixel 8"));
// Signs the demo local account displayName in on device; answers the sign-in answer
// ({"accessToken","refreshToken","user",...}), or an empty object when it failed.
QJsonObject signInDemo(
    const ServerProcess &server, const QString &displayName, const QJsonObject &device);
// The actions of a sub-system's approval request: "approve", and "reject" with a required
// comment.
QJsonArray approveRejectActions();
// A sub-system's actionable leave request for one person (approve, or reject with a comment),
// without a callback URL ("delivery": "poll").
QJsonObject leaveRequestFor(const QString &userId);
// request sent with a webhook to callbackUrl ("delivery": "webhook") instead of polling.
QJsonObject withCallback(QJsonObject request, const QString &callbackUrl);
// Authorization: Bearer token, and Idempotency-Key when given.
QList<QPair<QByteArray, QByteArray>> bearer(
    const QString &token, const QByteArray &idempotencyKey = {});

} // namespace tessera::test
