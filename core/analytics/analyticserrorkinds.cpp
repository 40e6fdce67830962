#include "analytics/analyticserrorkinds.h"

namespace tessera {

const QStringList &AnalyticsErrorKinds::all()
{
    // <where>.<what failed>; a new place that shows an error adds its kind here.
    static const QStringList kinds {
        QStringLiteral("home.sync"), // Home's feed could not be synced
        QStringLiteral("inbox.sync"), // the inbox could not be synced
        QStringLiteral("inbox.decision"), // a decision was refused or could not be queued
        QStringLiteral("services.sync"), // the services catalogue could not be synced
        QStringLiteral("service.unavailable"), // a link to a service the person does not have
        QStringLiteral("serviceform.send"), // a service form was refused or could not be sent
        QStringLiteral("news.sync"), // the news feed could not be synced
        QStringLiteral("events.sync"), // the events feed could not be synced
        QStringLiteral("surveys.sync"), // the surveys could not be synced
        QStringLiteral("survey.send"), // a survey answer was refused or could not be sent
        QStringLiteral("attest.send"), // the day's attestation was refused or could not be sent
        QStringLiteral("scanner.sync"), // the scanner could not fetch its keys and revocations
        QStringLiteral("devices.request"), // My devices: the list or a sign-out failed
        QStringLiteral("privacy.requests"), // My data: the privacy requests could not be loaded
        QStringLiteral("health.records"), // Health records: the list or a change failed
    };
    return kinds;
}

bool AnalyticsErrorKinds::isKnown(const QString &kind)
{
    return all().contains(kind);
}

} // namespace tessera
