#include "subsystemcommand.h"

#include "clicontext.h"
#include "subsystemcall.h"

#include <QJsonArray>
#include <QUrl>

namespace tessera::cli {

namespace {

QString text(const QJsonObject &object, const QString &name)
{
    const QJsonValue value = object.value(name);
    if (value.isDouble())
        return QString::number(value.toInteger());
    return value.isString() ? value.toString() : QStringLiteral("-");
}

// path?name=value&... for the options given, each value percent-encoded.
QString withQuery(CliContext &context, const QString &path, const QStringList &options)
{
    QStringList pairs;
    for (const QString &option : options) {
        const QString value = context.value(option);
        if (!value.isEmpty())
            pairs << option + QLatin1Char('=')
                    + QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    return pairs.isEmpty() ? path : path + QLatin1Char('?') + pairs.join(QLatin1Char('&'));
}

// The first list in a page ({"notifications":[...],"cursor",...}).
QJsonArray listOf(const QJsonObject &page)
{
    for (auto it = page.constBegin(); it != page.constEnd(); ++it) {
        if (it.value().isArray())
            return it.value().toArray();
    }
    return {};
}

// "More: --cursor C" when a page has more after it.
QString nextPage(const QJsonObject &page, const QString &option)
{
    if (!page.value(QStringLiteral("hasMore")).toBool())
        return {};
    return QStringLiteral("More: %1 %2").arg(option, text(page, QStringLiteral("cursor")));
}

QString deliveriesText(const QJsonObject &answer)
{
    const QJsonArray deliveries = answer.value(QStringLiteral("deliveries")).toArray();
    if (deliveries.isEmpty())
        return QStringLiteral("No webhook deliveries yet.");
    QStringList lines;
    for (const auto &value : deliveries) {
        const QJsonObject delivery = value.toObject();
        QString state;
        if (delivery.value(QStringLiteral("deliveredAt")).isString())
            state =
                QStringLiteral("delivered %1").arg(text(delivery, QStringLiteral("deliveredAt")));
        else if (delivery.value(QStringLiteral("deadAt")).isString())
            state = QStringLiteral("dead since %1 (redeliver it)")
                        .arg(text(delivery, QStringLiteral("deadAt")));
        else if (delivery.value(QStringLiteral("nextAttemptAt")).isString())
            state = QStringLiteral("next attempt %1")
                        .arg(text(delivery, QStringLiteral("nextAttemptAt")));
        else
            state = text(delivery, QStringLiteral("state"));
        lines << QStringLiteral("%1  %2  %3")
                     .arg(text(delivery, QStringLiteral("deliveryId")), state,
                         text(delivery, QStringLiteral("url")));
        const QJsonArray attempts = delivery.value(QStringLiteral("attempts")).toArray();
        for (const auto &attempt : attempts) {
            const QJsonObject one = attempt.toObject();
            const QString outcome = one.value(QStringLiteral("error")).isString()
                ? one.value(QStringLiteral("error")).toString()
                : QStringLiteral("HTTP %1").arg(text(one, QStringLiteral("status")));
            lines << QStringLiteral("    %1  %2").arg(text(one, QStringLiteral("at")), outcome);
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QString notificationLine(const QJsonObject &notification)
{
    return QStringLiteral("%1  %2  %3  %4")
        .arg(text(notification, QStringLiteral("id")), text(notification, QStringLiteral("state")),
            text(notification, QStringLiteral("reference")),
            text(notification, QStringLiteral("title")));
}

QString notificationsText(const QJsonObject &page)
{
    QStringList lines;
    const QJsonArray items = listOf(page);
    for (const auto &value : items)
        lines << notificationLine(value.toObject());
    if (lines.isEmpty())
        lines << QStringLiteral("No notifications.");
    const QString more = nextPage(page, QStringLiteral("--cursor"));
    if (!more.isEmpty())
        lines << more;
    return lines.join(QLatin1Char('\n'));
}

QString eventsText(const QJsonObject &page)
{
    QStringList lines;
    const QJsonArray events = page.value(QStringLiteral("events")).toArray();
    for (const auto &value : events) {
        const QJsonObject event = value.toObject();
        QString line =
            QStringLiteral("%1  %2  %3  %4")
                .arg(text(event, QStringLiteral("createdAt")), text(event, QStringLiteral("type")),
                    text(event, QStringLiteral("notificationId")),
                    text(event, QStringLiteral("reference")));
        if (event.value(QStringLiteral("action")).isString())
            line += QStringLiteral("  %1 by %2")
                        .arg(text(event, QStringLiteral("action")),
                            text(event, QStringLiteral("decidedBy")));
        lines << line;
    }
    if (lines.isEmpty())
        lines << QStringLiteral("No new events.");
    lines << QStringLiteral("Next: --since %1").arg(text(page, QStringLiteral("cursor")));
    return lines.join(QLatin1Char('\n'));
}

QString firstArgument(CliContext &context)
{
    return context.arguments().value(0);
}

} // namespace

QFuture<int> runWithdraw(CliContext &context)
{
    return callAsSubsystem(context, QStringLiteral("withdraw"), SubsystemMethod::Delete,
        QStringLiteral("/v1/notifications/") + pathSegment(firstArgument(context)), {},
        [](const QJsonObject &answer) {
            return QStringLiteral("Withdrew %1.").arg(text(answer, QStringLiteral("id")));
        });
}

QFuture<int> runDeliveries(CliContext &context)
{
    return callAsSubsystem(context, QStringLiteral("deliveries"), SubsystemMethod::Get,
        QStringLiteral("/v1/notifications/%1/deliveries").arg(pathSegment(firstArgument(context))),
        {}, deliveriesText);
}

QFuture<int> runNotifications(CliContext &context)
{
    return callAsSubsystem(context, QStringLiteral("notifications"), SubsystemMethod::Get,
        withQuery(context, QStringLiteral("/v1/notifications"),
            { QStringLiteral("state"), QStringLiteral("reference"), QStringLiteral("cursor"),
                QStringLiteral("limit") }),
        {}, notificationsText);
}

QFuture<int> runNotification(CliContext &context)
{
    return callAsSubsystem(context, QStringLiteral("notification"), SubsystemMethod::Get,
        QStringLiteral("/v1/notifications/") + pathSegment(firstArgument(context)), {},
        notificationLine);
}

QFuture<int> runEvents(CliContext &context)
{
    return callAsSubsystem(context, QStringLiteral("events"), SubsystemMethod::Get,
        withQuery(context, QStringLiteral("/v1/subsystem/events"),
            { QStringLiteral("since"), QStringLiteral("limit") }),
        {}, eventsText);
}

QFuture<int> runRedeliver(CliContext &context)
{
    const QString id = firstArgument(context);
    return callAsSubsystem(context, QStringLiteral("redeliver"), SubsystemMethod::Post,
        QStringLiteral("/v1/subsystem/deliveries/%1/redeliver").arg(pathSegment(id)), {},
        [id](const QJsonObject &) { return QStringLiteral("Queued %1 again.").arg(id); });
}

QFuture<int> runPing(CliContext &context)
{
    const QString callback = context.value(QStringLiteral("callback"));
    if (callback.isEmpty()) {
        context.printError(QStringLiteral("usage"), QStringLiteral("ping needs --callback URL."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    const auto delivered = [](const QJsonObject &answer) {
        return answer.value(QStringLiteral("delivered")).toBool();
    };
    return callAsSubsystem(
        context, QStringLiteral("ping"), SubsystemMethod::Post,
        QStringLiteral("/v1/subsystem/ping"),
        QJsonObject { { QStringLiteral("callbackUrl"), callback } },
        [delivered](const QJsonObject &answer) {
            const QString outcome = delivered(answer)
                ? QStringLiteral("answered HTTP %1").arg(text(answer, QStringLiteral("status")))
                : QStringLiteral("not delivered: %1").arg(text(answer, QStringLiteral("error")));
            return QStringLiteral("Ping %1 to %2 %3 (%4 ms).")
                .arg(text(answer, QStringLiteral("deliveryId")),
                    text(answer, QStringLiteral("url")), outcome,
                    text(answer, QStringLiteral("milliseconds")));
        },
        delivered);
}

QFuture<int> runDeliveryList(CliContext &context)
{
    return callAsSubsystem(context, QStringLiteral("deliveries list"), SubsystemMethod::Get,
        withQuery(context, QStringLiteral("/v1/subsystem/deliveries"),
            { QStringLiteral("state"), QStringLiteral("cursor"), QStringLiteral("limit") }),
        {}, [](const QJsonObject &page) {
            QString lines = deliveriesText(page);
            const QString more = nextPage(page, QStringLiteral("--cursor"));
            return more.isEmpty() ? lines : lines + QLatin1Char('\n') + more;
        });
}

} // namespace tessera::cli
