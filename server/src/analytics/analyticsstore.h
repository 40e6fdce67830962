#pragma once

#include "analytics/analyticsbatch.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>

#include <optional>

namespace tessera::server {

class Storage;

// The analytics tables (analyticsmigrations.cpp): raw events by installation id, kept
// rawEventDays, and the daily counts, kept. No method takes or stores a person. Blocking;
// thread-safe (each thread its own connection).
class AnalyticsStore
{
public:
    static constexpr int rawEventDays = 7;

    explicit AnalyticsStore(Storage &storage);

    // The batch's events as raw lines, and each added to its day's count, in one transaction.
    bool ingest(const AnalyticsBatch &batch, const QDateTime &now) const;
    // Drops every raw event of the installation (opt-out); the daily counts stay (they name no
    // installation). false when the database refused.
    bool dropInstallation(const QString &installationId) const;
    // Raw events received more than rawEventDays before now.
    bool prune(const QDateTime &now) const;
    // The daily counts of days from..to (inclusive), by day, kind, name, platform, version:
    // [{"day","kind","name","platform","appVersion","count"}]; nullopt when the database refused.
    std::optional<QJsonArray> days(const QDate &from, const QDate &to) const;

private:
    Storage &m_storage;
};

} // namespace tessera::server
