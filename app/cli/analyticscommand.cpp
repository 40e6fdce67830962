#include "analyticscommand.h"

#include "analytics/analyticsqueue.h"
#include "analytics/analyticsrecorder.h"
#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "protocol/version.h"
#include "services/analyticsfeature.h"
#include "signedinoutput.h"
#include "subsystemcall.h"

#include <QDate>
#include <QJsonArray>
#include <QUrlQuery>

#include <memory>

namespace tessera::cli {

namespace {

// The consent's parts on the session's database, for the command's life.
struct Consent
{
    AnalyticsQueue queue;
    std::unique_ptr<AnalyticsRecorder> recorder;
};

// DELETE for each id waiting, one after the other; then done(true), or done(false) at the first
// failure (the ids not dropped stay queued for the next `analytics off`).
void dropAll(Session &session, const std::shared_ptr<Consent> &consent,
    const std::function<void(bool, QString)> &done)
{
    const QStringList drops = consent->recorder->pendingDrops();
    if (drops.isEmpty()) {
        done(true, {});
        return;
    }
    const QString &id = drops.constFirst();
    whenFinished(&session,
        session.deleteResource(QStringLiteral("/v1/analytics/installations/") + pathSegment(id)),
        [&session, consent, done, id](const ApiReply &reply) {
            if (!reply.ok()) {
                done(false, Session::describeFailure(reply));
                return;
            }
            consent->recorder->dropDone(id);
            dropAll(session, consent, done);
        });
}

} // namespace

QFuture<int> runAnalytics(CliContext &context)
{
    const QString choice = context.arguments().value(0);
    if (choice != u"on" && choice != u"off") {
        context.printError(QStringLiteral("usage"), QStringLiteral("Say analytics on or off."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return whenSignedIn(context, [&context, choice](Session &session, const Deliver &deliver) {
        auto consent = std::make_shared<Consent>();
        consent->queue.setDatabase(session.scope().database());
        if (!consent->queue.hasDatabase()) {
            context.printError(QStringLiteral("no_database"),
                QStringLiteral("The local database is not open: sign in again."));
            deliver(ExitCode::Failed);
            return;
        }
        consent->recorder = std::make_unique<AnalyticsRecorder>(
            consent->queue, AnalyticsFeature::platformName(), productVersion());
        consent->recorder->setConsent(choice == u"on");
        const QJsonObject result { { QStringLiteral("analytics"), choice } };
        if (choice == u"on") {
            context.printResult(result, QStringLiteral("Analytics on for this installation."));
            deliver(ExitCode::Success);
            return;
        }
        dropAll(
            session, consent, [&context, deliver, result, consent](bool ok, const QString &why) {
                if (!ok) {
                    context.printError(QStringLiteral("not_dropped"),
                        QStringLiteral("Analytics off, but the server could not drop this "
                                       "installation's events yet (%1); say analytics off again.")
                            .arg(why));
                    deliver(ExitCode::Failed);
                    return;
                }
                context.printResult(result,
                    QStringLiteral("Analytics off: nothing is queued and the server dropped this "
                                   "installation's events."));
                deliver(ExitCode::Success);
            });
    });
}

QFuture<int> runAdminAnalytics(CliContext &context)
{
    QUrlQuery query;
    for (const QString &name : { QStringLiteral("from"), QStringLiteral("to") }) {
        const QString day = context.value(name);
        if (day.isEmpty())
            continue;
        if (!QDate::fromString(day, Qt::ISODate).isValid()) {
            context.printError(
                QStringLiteral("usage"), QStringLiteral("--%1 is a day, YYYY-MM-DD.").arg(name));
            return QtFuture::makeReadyFuture(int(ExitCode::Usage));
        }
        query.addQueryItem(name, day);
    }
    QString path = QStringLiteral("/v1/admin/analytics");
    if (!query.isEmpty())
        path += u'?' + query.toString(QUrl::FullyEncoded);
    return whenSignedIn(context, [&context, path](Session &session, const Deliver &deliver) {
        whenFinished(&session, session.get(path), [&context, deliver](const ApiReply &reply) {
            const QJsonValue days = reply.body.value(QStringLiteral("days"));
            if (!reply.ok() || !days.isArray()) {
                context.printError(reply.ok() ? QStringLiteral("invalid_reply") : reply.error.code,
                    reply.ok() ? QStringLiteral("The server's answer was not a list of counts.")
                               : Session::describeFailure(reply));
                deliver(ExitCode::Failed);
                return;
            }
            if (days.toArray().isEmpty() && !context.json())
                context.printResult({}, QStringLiteral("No analytics for these days."));
            for (const QJsonValue value : days.toArray()) {
                const QJsonObject row = value.toObject();
                context.printResult(row,
                    QStringLiteral("%1  %2  %3  %4 %5  %6")
                        .arg(row.value(QStringLiteral("day")).toString(),
                            row.value(QStringLiteral("kind")).toString(),
                            row.value(QStringLiteral("name")).toString(),
                            row.value(QStringLiteral("platform")).toString(),
                            row.value(QStringLiteral("appVersion")).toString(),
                            QString::number(row.value(QStringLiteral("count")).toInteger())));
            }
            deliver(ExitCode::Success);
        });
    });
}

} // namespace tessera::cli
