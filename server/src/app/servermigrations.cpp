#include "app/servermigrations.h"

#include "analytics/analyticsmigrations.h"
#include "attest/attestmigrations.h"
#include "cards/cardsmigrations.h"
#include "events/eventsmigrations.h"
#include "feed/feedmigrations.h"
#include "health/healthmigrations.h"
#include "media/mediamigrations.h"
#include "news/newsmigrations.h"
#include "notifications/notificationsmigrations.h"
#include "privacy/privacymigrations.h"
#include "push/pushmigrations.h"
#include "services/servicesmigrations.h"
#include "surveys/surveysmigrations.h"

namespace tessera::server {

const MigrationRegistry &serverMigrations()
{
    // A feature with tables of its own adds its line here, after the features whose tables it
    // uses: .add(QStringLiteral("cards"), cardsMigrations()) with cardsMigrations() in its
    // folder (cards/cardsmigrations.{h,cpp}), numbered from 1 (docs/DEVELOPING.md).
    static const MigrationRegistry registry =
        MigrationRegistry()
            .add(MigrationRegistry::baseFeature(), baseMigrations())
            .add(QStringLiteral("feed"), feedMigrations())
            .add(QStringLiteral("cards"), cardsMigrations())
            .add(QStringLiteral("services"), servicesMigrations())
            .add(QStringLiteral("notifications"), notificationsMigrations())
            .add(QStringLiteral("media"), mediaMigrations())
            .add(QStringLiteral("news"), newsMigrations())
            .add(QStringLiteral("events"), eventsMigrations())
            .add(QStringLiteral("surveys"), surveysMigrations())
            .add(QStringLiteral("health"), healthMigrations())
            .add(QStringLiteral("privacy"), privacyMigrations())
            .add(QStringLiteral("analytics"), analyticsMigrations())
            .add(QStringLiteral("attest"), attestMigrations())
            .add(QStringLiteral("push"), pushMigrations());
    return registry;
}

} // namespace tessera::server
