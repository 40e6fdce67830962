#include "passcommand.h"

#include "clicontext.h"
#include "identity/session.h"
#include "pass/passholder.h"
#include "protocol/wiretime.h"
#include "scanner/qrencoder.h"
#include "services/clientstack.h"
#include "signedinoutput.h"

#include <QFileInfo>
#include <QImage>
#include <QJsonArray>

#include <cstdio>
#include <functional>
#include <utility>

namespace tessera::cli {

namespace {

using PassAction = std::function<int(CliContext &, const PassHolder &)>;

QString timeText(const QDateTime &time)
{
    return time.isValid() ? wiretime::format(time) : QString();
}

QJsonObject passJson(const PassHolder &holder)
{
    QJsonArray statuses;
    const QVariantList list = holder.statuses();
    for (const QVariant &entry : list) {
        const QVariantMap status = entry.toMap();
        QJsonObject json { { QStringLiteral("process"),
                               status.value(QStringLiteral("process")).toString() },
            { QStringLiteral("status"), status.value(QStringLiteral("status")).toString() } };
        const QDateTime until = status.value(QStringLiteral("until")).toDateTime();
        if (until.isValid())
            json.insert(QStringLiteral("until"), timeText(until));
        statuses.append(json);
    }
    return QJsonObject {
        { QStringLiteral("passId"), holder.passId() },
        { QStringLiteral("initials"), holder.initials() },
        { QStringLiteral("subject"), holder.subject() },
        { QStringLiteral("userType"), holder.userType() },
        { QStringLiteral("issuedAt"), timeText(holder.issuedAt()) },
        { QStringLiteral("validUntil"), timeText(holder.validUntil()) },
        { QStringLiteral("stepEndsAt"), timeText(holder.stepEndsAt()) },
        { QStringLiteral("statuses"), statuses },
    };
}

QString summary(const PassHolder &holder)
{
    QStringList statuses;
    const QVariantList list = holder.statuses();
    for (const QVariant &entry : list) {
        const QVariantMap status = entry.toMap();
        statuses.append(QString(status.value(QStringLiteral("process")).toString()
            + QLatin1Char('=') + status.value(QStringLiteral("status")).toString()));
    }
    return QStringLiteral("Pass %1 for %2 (%3)\nValid until %4; this code until %5\nStatuses: %6")
        .arg(holder.passId(), holder.initials(), holder.userType(), timeText(holder.validUntil()),
            timeText(holder.stepEndsAt()),
            statuses.isEmpty() ? QStringLiteral("-") : statuses.join(QStringLiteral(", ")));
}

// Two rows of modules per line: upper half block, lower half block, full block or space. Light
// modules are drawn (a terminal's text is light on dark), with the quiet zone around.
QString halfBlocks(const QImage &image)
{
    const auto light = [&image](int x, int y) {
        return y >= image.height() || qGray(image.pixel(x, y)) > 127;
    };
    QString text;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); ++x) {
            const bool top = light(x, y);
            const bool bottom = y + 1 < image.height() ? light(x, y + 1) : false;
            text += top && bottom ? QChar(0x2588)
                : top             ? QChar(0x2580)
                : bottom          ? QChar(0x2584)
                                  : QChar(u' ');
        }
        text += QLatin1Char('\n');
    }
    return text;
}

QFuture<int> withPass(CliContext &context, const PassAction &action)
{
    return whenSignedIn(context, [&context, action](Session &session, const Deliver &deliver) {
        ClientStack::Options options;
        options.features = ClientStack::Feature::Pass;
        auto *stack = new ClientStack(session, *context.secretStore(), options, &session);
        PassHolder *holder = stack->part<PassHolder>();
        const auto report = [&context, holder, deliver, action]() {
            switch (holder->state()) {
            case PassHolder::State::Ready:
                deliver(action(context, *holder));
                return;
            case PassHolder::State::Expired:
                context.printError(QStringLiteral("pass_expired"),
                    QStringLiteral("The pass has expired and no new one could be fetched: %1")
                        .arg(holder->errorMessage()));
                break;
            default:
                context.printError(QStringLiteral("no_pass"),
                    holder->errorMessage().isEmpty() ? QStringLiteral("There is no pass.")
                                                     : holder->errorMessage());
                break;
            }
            deliver(ExitCode::Failed);
        };
        if (!holder->isBusy()) {
            report();
            return;
        }
        QObject::connect(holder, &PassHolder::finished, holder, [holder, report]() {
            if (!holder->isBusy())
                report();
        });
    });
}

} // namespace

QFuture<int> runPassShow(CliContext &context)
{
    return withPass(context, [](CliContext &cli, const PassHolder &holder) {
        QJsonObject json = passJson(holder);
        json.insert(QStringLiteral("qrText"), holder.qrText());
        QString human;
        if (!cli.json()) {
            const QImage image = QrEncoder::render(holder.qrText().toLatin1(), 1, 2);
            human = halfBlocks(image) + summary(holder);
        }
        cli.printResult(json, human);
        return int(ExitCode::Success);
    });
}

QFuture<int> runPassPng(CliContext &context)
{
    const QString file = context.arguments().value(0);
    return withPass(context, [file](CliContext &cli, const PassHolder &holder) {
        const QImage image = QrEncoder::render(holder.qrText().toLatin1(), 8, 4);
        if (image.isNull() || !image.save(file, "PNG")) {
            cli.printError(QStringLiteral("cannot_write"),
                QStringLiteral("Cannot write the image to %1.").arg(file));
            return int(ExitCode::Failed);
        }
        QJsonObject json = passJson(holder);
        json.insert(QStringLiteral("file"), QFileInfo(file).absoluteFilePath());
        cli.printResult(json,
            QStringLiteral("Wrote %1 (valid until %2)")
                .arg(file, timeText(holder.stepEndsAt().addSecs(30))));
        return int(ExitCode::Success);
    });
}

} // namespace tessera::cli
