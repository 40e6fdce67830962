#pragma once

#include "http/httpresponses.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tessera::server {

// One line of an app's batch: how often (count) a screen was shown, a feature used or an error
// seen on a day, with the app's platform and version. Nothing of a person.
struct AnalyticsEvent
{
    QString day; // YYYY-MM-DD, the app's day
    QString kind; // "screen" | "feature" | "error"
    QString name; // [a-z0-9._-]{1,64}
    QString platform; // [a-z0-9._-]{1,32}
    QString appVersion; // [A-Za-z0-9.+-]{1,32}
    qint64 count = 1; // 1..10000
};

// POST /v1/analytics/events, read strictly: {"installationId", "events": [AnalyticsEvent]} with
// no other member, at most maxEvents events, each field checked.
struct AnalyticsBatch
{
    static constexpr qsizetype maxEvents = 500;
    static constexpr qint64 maxCount = 10'000;
    // How far a day may lie from the server's: an app's queue waits at most this long offline.
    static constexpr qint64 maxPastDays = 31;

    QString installationId;
    QList<AnalyticsEvent> events;

    // 22 to 64 of [A-Za-z0-9_-] (a random id; never a person's).
    static bool isInstallationId(const QString &id);
    static bool isName(const QString &name);

    // The batch, or nullopt with *refusal: 400 when the body is not a JSON object, 422 with the
    // JSON path of the first wrong field. today: the server's day (a day after it, or more than
    // maxPastDays before, is refused).
    static std::optional<AnalyticsBatch> read(
        const HttpRequest &request, const QDate &today, HttpResponse *refusal);
};

} // namespace tessera::server
