#include "services/clientschema.h"

#include "analytics/analyticscachemigrations.h"
#include "attest/attestcachemigrations.h"
#include "events/eventscachemigrations.h"
#include "home/homemigrations.h"
#include "inbox/inboxmigrations.h"
#include "media/mediacachemigrations.h"
#include "news/newscachemigrations.h"
#include "selfservice/selfservicemigrations.h"
#include "surveys/surveymigrations.h"

namespace tessera {

const DatabaseSchema &clientSchema()
{
    // A feature with tables of its own adds its line here, after the features whose tables it
    // uses: .add(QStringLiteral("cards"), cardsMigrations()) with cardsMigrations() in its
    // folder, numbered from 1 (docs/DEVELOPING.md).
    static const DatabaseSchema schema =
        DatabaseSchema::base()
            .add(QStringLiteral("home"), homeMigrations())
            .add(QStringLiteral("selfservice"), selfServiceMigrations())
            .add(QStringLiteral("inbox"), inboxMigrations())
            .add(QStringLiteral("media"), mediaCacheMigrations())
            .add(QStringLiteral("news"), newsCacheMigrations())
            .add(QStringLiteral("events"), eventsCacheMigrations())
            .add(QStringLiteral("surveys"), surveyMigrations())
            .add(QStringLiteral("analytics"), analyticsCacheMigrations())
            .add(QStringLiteral("attest"), attestCacheMigrations());
    return schema;
}

} // namespace tessera
