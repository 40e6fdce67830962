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
        lines << QStringLiteral("%1  %2  %3  %4")
                     .arg(text(delivery, QStringLiteral("deliveryId")),
                         text(delivery, QStringLiteral("eventType")), state,
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

// "ntf_…  decided  HR-4711  read 1/2  Leave request".
QString notificationLine(const QJsonObject &notification)
{
    return QStringLiteral("%1  %2  %3  read %4/%5  %6")
        .arg(text(notification, QStringLiteral("id")), text(notification, QStringLiteral("state")),
            text(notification, QStringLiteral("reference")),
            text(notification, QStringLiteral("readCount")),
            text(notification, QStringLiteral("recipientCount")),
            text(notification, QStringLiteral("title")));
}

// "Requester: …" and "Approval: all, 1 of 3 approved" with each approver's state (who, when,
// through what) in mode all.
QStringList approvalLines(const QJsonObject &notification)
{
    QStringList lines;
    if (notification.value(QStringLiteral("requester")).isString())
        lines
            << QStringLiteral("Requester: %1").arg(text(notification, QStringLiteral("requester")));
    const QJsonObject approval = notification.value(QStringLiteral("approval")).toObject();
    if (approval.isEmpty())
        return lines;
    const QJsonArray approvals = approval.value(QStringLiteral("approvals")).toArray();
    QString line = QStringLiteral("Approval: %1").arg(text(approval, QStringLiteral("mode")));
    if (approval.value(QStringLiteral("approvals")).isArray()) {
        qsizetype approved = 0;
        qsizetype rejected = 0;
        for (const auto &value : approvals) {
            const QString state = value.toObject().value(QStringLiteral("state")).toString();
            approved += state == QStringLiteral("approved") ? 1 : 0;
            rejected += state == QStringLiteral("rejected") ? 1 : 0;
        }
        line += QStringLiteral(", %1 of %2 approved").arg(approved).arg(approvals.size());
        if (rejected > 0)
            line += QStringLiteral(", %1 rejected").arg(rejected);
    }
    lines << line;
    for (const auto &value : approvals) {
        const QJsonObject one = value.toObject();
        const QString state = text(one, QStringLiteral("state"));
        lines << QStringLiteral("    %1  %2  %3")
                     .arg(text(one, QStringLiteral("userId")),
                         one.value(QStringLiteral("at")).isString()
                             ? QStringLiteral("%1 %2 via %3")
                                   .arg(state, text(one, QStringLiteral("at")),
                                       text(one, QStringLiteral("via")))
                             : state,
                         text(one, QStringLiteral("name")));
    }
    return lines;
}

// The summary line, the decision (who, when, through what), the requester and approvals, and
// each recipient's read state.
QString notificationText(const QJsonObject &notification)
{
    QStringList lines { notificationLine(notification) };
    const QJsonObject decision = notification.value(QStringLiteral("decision")).toObject();
    if (!decision.isEmpty()) {
        QString line = QStringLiteral("Decided: %1 by %2 (%3) at %4 via %5")
                           .arg(text(decision, QStringLiteral("action")),
                               text(decision, QStringLiteral("decidedBy")),
                               text(decision, QStringLiteral("decidedByName")),
                               text(decision, QStringLiteral("decidedAt")),
                               text(decision, QStringLiteral("decidedVia")));
        if (decision.value(QStringLiteral("comment")).isString())
            line += QStringLiteral(": “%1”").arg(text(decision, QStringLiteral("comment")));
        lines << line;
    }
    lines << approvalLines(notification);
    const QJsonArray recipients = notification.value(QStringLiteral("recipients")).toArray();
    if (!recipients.isEmpty())
        lines << QStringLiteral("Recipients:");
    for (const auto &value : recipients) {
        const QJsonObject recipient = value.toObject();
        lines << QStringLiteral("    %1  %2  %3")
                     .arg(text(recipient, QStringLiteral("userId")),
                         recipient.value(QStringLiteral("read")).toBool()
                             ? QStringLiteral("read %1").arg(
                                 text(recipient, QStringLiteral("readAt")))
                             : QStringLiteral("unread"),
                         text(recipient, QStringLiteral("name")));
    }
    if (notification.value(QStringLiteral("recipientsTruncated")).toBool())
        lines << QStringLiteral("    (the first %1 recipients of %2)")
                     .arg(recipients.size())
                     .arg(text(notification, QStringLiteral("recipientCount")));
    return lines.join(QLatin1Char('\n'));
}

QString notificationsText(const QJsonObject &page)
{
    QStringList lines;
    const QJsonArray items = page.value(QStringLiteral("items")).toArray();
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
        if (event.value(QStringLiteral("deliveryId")).isString())
            line += QStringLiteral("  %1 dead: %2")
                        .arg(text(event, QStringLiteral("deliveryId")),
                            text(event, QStringLiteral("error")));
        lines << line;
    }
    if (lines.isEmpty())
        lines << QStringLiteral("No new events.");
    lines << QStringLiteral("%1: --since %2")
                 .arg(page.value(QStringLiteral("hasMore")).toBool() ? QStringLiteral("More")
                                                                     : QStringLiteral("Next"),
                     text(page, QStringLiteral("cursor")));
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
        notificationText);
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
    return callAsSubsystem(context, QStringLiteral("redeliver"), SubsystemMethod::Post,
        QStringLiteral("/v1/subsystem/deliveries/%1/redeliver")
            .arg(pathSegment(firstArgument(context))),
        {}, [](const QJsonObject &delivery) {
            return QStringLiteral("Queued %1 again (%2) to %3.")
                .arg(text(delivery, QStringLiteral("deliveryId")),
                    text(delivery, QStringLiteral("state")), text(delivery, QStringLiteral("url")));
        });
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
