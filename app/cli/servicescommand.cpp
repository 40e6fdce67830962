#include "servicescommand.h"

#include "base/printtext.h"
#include "clicontext.h"
#include "selfservice/cataloguestore.h"
#include "selfservice/requestsstore.h"
#include "selfservice/submissionoutbox.h"
#include "selfserviceparts.h"

#include <QLocale>

#include <cstdio>

namespace tessera::cli {

namespace {

QString statusText(const QString &status)
{
    if (status == u"in_progress")
        return QStringLiteral("in progress");
    return status;
}

} // namespace

QFuture<int> runServices(CliContext &context)
{
    return withSyncedSelfService(context, SelfServiceSync::Catalogue,
        [&context](
            const SelfServiceParts &parts, bool synced, const std::function<void(int)> &deliver) {
            const QList<ServiceEntry> services = parts.catalogue->services();
            QString category;
            for (const ServiceEntry &service : services) {
                QStringList lines;
                if (service.category != category) {
                    category = service.category;
                    lines << category;
                }
                lines << QStringLiteral("  %1  %2").arg(service.id, service.title);
                if (!service.description.isEmpty())
                    lines << QStringLiteral("      ")
                            + service.description.left(300).replace(
                                QLatin1Char('\n'), QLatin1Char(' '));
                lines << QStringLiteral("      from %1, form version %2")
                             .arg(service.source)
                             .arg(service.version);
                context.printResult(service.toJson(), lines.join(QLatin1Char('\n')));
            }
            if (services.isEmpty() && !context.json())
                printText(stdout, "No services.\n");
            deliver(synced ? ExitCode::Success : ExitCode::Failed);
        });
}

QFuture<int> runRequests(CliContext &context)
{
    return withSyncedSelfService(context, SelfServiceSync::Requests,
        [&context](
            const SelfServiceParts &parts, bool synced, const std::function<void(int)> &deliver) {
            const QList<SubmissionRecord> requests = parts.requests->requests();
            const QLocale locale = QLocale::c();
            for (const SubmissionRecord &request : requests) {
                QStringList lines;
                lines << QStringLiteral("%1  %2  %3")
                             .arg(request.id, request.serviceTitle, statusText(request.status));
                lines << QStringLiteral("    submitted %1, updated %2")
                             .arg(locale.toString(request.submittedAt.toLocalTime(),
                                      QStringLiteral("yyyy-MM-dd HH:mm")),
                                 locale.toString(request.updatedAt.toLocalTime(),
                                     QStringLiteral("yyyy-MM-dd HH:mm")));
                if (!request.message.isEmpty())
                    lines << QStringLiteral("    ")
                            + request.message.left(500).replace(
                                QLatin1Char('\n'), QLatin1Char(' '));
                context.printResult(request.toJson(), lines.join(QLatin1Char('\n')));
            }
            const int waiting = parts.outbox->pendingCount();
            if (waiting > 0 && !context.json())
                printText(stdout,
                    qPrintable(QStringLiteral("%1 submission(s) wait on this device to be sent.\n")
                                   .arg(waiting)));
            if (requests.isEmpty() && !context.json())
                printText(stdout, "No requests.\n");
            deliver(synced ? ExitCode::Success : ExitCode::Failed);
        });
}

} // namespace tessera::cli
