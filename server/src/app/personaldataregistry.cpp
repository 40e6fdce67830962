#include "app/personaldataregistry.h"

#include "analytics/analyticspersonaldata.h"
#include "attest/attestpersonaldata.h"
#include "cards/cardspersonaldata.h"
#include "events/eventspersonaldata.h"
#include "feed/feedpersonaldata.h"
#include "health/healthpersonaldata.h"
#include "http/httppersonaldata.h"
#include "identity/identitypersonaldata.h"
#include "inbox/inboxpersonaldata.h"
#include "media/mediapersonaldata.h"
#include "news/newspersonaldata.h"
#include "notifications/notificationspersonaldata.h"
#include "pass/passpersonaldata.h"
#include "privacy/personaldata.h"
#include "privacy/privacypersonaldata.h"
#include "push/pushpersonaldata.h"
#include "services/servicespersonaldata.h"
#include "storage/storagepersonaldata.h"
#include "surveys/surveyspersonaldata.h"

namespace tessera::server {

void registerPersonalData(PersonalData &data)
{
    data.add(identityPersonalData());
    data.add(httpPersonalData());
    data.add(storagePersonalData());
    data.add(feedPersonalData());
    data.add(inboxPersonalData());
    data.add(notificationsPersonalData());
    data.add(passPersonalData());
    data.add(cardsPersonalData());
    data.add(servicesPersonalData());
    data.add(mediaPersonalData());
    data.add(newsPersonalData());
    data.add(eventsPersonalData());
    data.add(surveysPersonalData());
    data.add(healthPersonalData());
    data.add(privacyPersonalData());
    data.add(analyticsPersonalData()); // declares no table: it holds no user id
    data.add(attestPersonalData());
    data.add(pushPersonalData());
}

} // namespace tessera::server
