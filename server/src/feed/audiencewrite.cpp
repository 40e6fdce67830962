#include "feed/audiencewrite.h"

#include "audience/audience.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "storage/storage.h"

namespace tessera::server {

bool AudienceWrite::run(ChangeFeed &feed, const Audiences &audiences, const Write &write)
{
    QSqlDatabase db = feed.storage().connection();
    for (int attempt = 1; attempt <= maxAttempts; ++attempt) {
        const std::optional<QStringList> names = audiences(db);
        if (!names)
            return false;
        const std::optional<QStringList> people = Audience::enabledMembersOf(db, *names);
        if (!people)
            return false;
        ChangeTransaction transaction(feed);
        if (!transaction.isActive())
            return false;
        switch (write(transaction, *people)) {
        case Step::Done:
            return true;
        case Step::Failed:
            return false;
        case Step::Stale:
            break; // rolls back; resolved again outside the lock
        }
    }
    return false;
}

} // namespace tessera::server
