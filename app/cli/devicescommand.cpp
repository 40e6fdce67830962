#include "devicescommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "signedinoutput.h"
#include "subsystemcall.h"

#include <QJsonArray>

namespace tessera::cli {

namespace {

QString deviceLine(const QJsonObject &device)
{
    const QString state = device.value(QStringLiteral("signedIn")).toBool()
        ? QStringLiteral("signed in")
        : QStringLiteral("signed out");
    return QStringLiteral("%1  %2 (%3 %4), app %5, last seen %6, %7%8")
        .arg(device.value(QStringLiteral("id")).toString(),
            device.value(QStringLiteral("model")).toString(),
            device.value(QStringLiteral("platform")).toString(),
            device.value(QStringLiteral("osVersion")).toString(),
            device.value(QStringLiteral("appVersion")).toString(),
            device.value(QStringLiteral("lastSeenAt")).toString(), state,
            device.value(QStringLiteral("current")).toBool() ? QStringLiteral(" (this device)")
                                                             : QString());
}

} // namespace

QFuture<int> runDevices(CliContext &context)
{
    return whenSignedIn(context, [&context](Session &session, const Deliver &deliver) {
        whenFinished(&session, session.get(QStringLiteral("/v1/me/devices")),
            [&context, deliver](const ApiReply &reply) {
                const QJsonValue devices = reply.body.value(QStringLiteral("devices"));
                if (!reply.ok() || !devices.isArray()) {
                    context.printError(
                        reply.ok() ? QStringLiteral("invalid_reply") : reply.error.code,
                        reply.ok() ? QStringLiteral("The server's answer was not a device list.")
                                   : Session::describeFailure(reply));
                    deliver(ExitCode::Failed);
                    return;
                }
                for (const QJsonValue device : devices.toArray())
                    context.printResult(device.toObject(), deviceLine(device.toObject()));
                deliver(ExitCode::Success);
            });
    });
}

QFuture<int> runDevicesSignOut(CliContext &context)
{
    const QString id = context.arguments().value(0);
    return whenSignedIn(context, [&context, id](Session &session, const Deliver &deliver) {
        whenFinished(&session,
            session.deleteResource(QStringLiteral("/v1/me/devices/") + pathSegment(id)),
            [&context, deliver, id](const ApiReply &reply) {
                if (!reply.ok()) {
                    context.printError(reply.error.code, Session::describeFailure(reply));
                    deliver(ExitCode::Failed);
                    return;
                }
                context.printResult(QJsonObject { { QStringLiteral("id"), id },
                                        { QStringLiteral("signedOut"), true } },
                    QStringLiteral("Signed out %1: it must sign in again.").arg(id));
                deliver(ExitCode::Success);
            });
    });
}

} // namespace tessera::cli
