#include "subsystemevents/submissionevent.h"

#include "crypto/randomtokens.h"

namespace tessera::server {

QString SubmissionEvent::typeName(Type type)
{
    return type == Type::Created ? QStringLiteral("submission.created")
                                 : QStringLiteral("submission.status");
}

QJsonObject SubmissionEvent::make(
    Type type, const QJsonObject &submission, const QString &createdAt)
{
    QJsonObject event {
        { QStringLiteral("type"), typeName(type) },
        { QStringLiteral("version"), version },
        { QStringLiteral("eventId"), randomtokens::urlSafe(QStringLiteral("evt_"), 16) },
        { QStringLiteral("createdAt"), createdAt },
        { QStringLiteral("submissionId"), submission.value(QStringLiteral("id")) },
    };
    for (const QString &field : { QStringLiteral("serviceId"), QStringLiteral("formVersion"),
             QStringLiteral("action"), QStringLiteral("submitter"), QStringLiteral("inputs"),
             QStringLiteral("status"), QStringLiteral("message") })
        event.insert(field, submission.value(field));
    return event;
}

} // namespace tessera::server
