#include "services/clientfeatureregistry.h"

#include "services/analyticsfeature.h"
#include "services/attestfeature.h"
#include "services/eventsfeature.h"
#include "services/healthfeature.h"
#include "services/homefeature.h"
#include "services/inboxfeatures.h"
#include "services/newsfeature.h"
#include "services/passfeature.h"
#include "services/pushfeature.h"
#include "services/scannerfeatures.h"
#include "services/selfservicefeature.h"
#include "services/surveysfeature.h"

namespace tessera {

const std::vector<ClientFeatureRegistration> &clientFeatureRegistry()
{
    using Feature = ClientStack::Feature;
    // A new feature adds its line here (and its flag to ClientStack::Feature).
    static const std::vector<ClientFeatureRegistration> registry {
        { Feature::Inbox, {}, &InboxFeature::create },
        { Feature::Decisions, Feature::Inbox, &DecisionsFeature::create },
        { Feature::InboxView, Feature::Inbox, &InboxViewFeature::create },
        { Feature::Pass, {}, &PassFeature::create },
        { Feature::ScannerTrust, {}, &ScannerTrustFeature::create },
        { Feature::ScanUploads, {}, &ScanUploadsFeature::create },
        { Feature::Home, Feature::Inbox, &HomeFeature::create },
        { Feature::Services, Feature::Inbox, &SelfServiceFeature::create },
        { Feature::News, Feature::Inbox, &NewsFeature::create },
        { Feature::Events, Feature::Inbox, &EventsFeature::create },
        { Feature::Surveys, Feature::Inbox, &SurveysFeature::create },
        { Feature::Analytics, {}, &AnalyticsFeature::create },
        { Feature::Attestations, {}, &AttestFeature::create },
        { Feature::Health, {}, &HealthFeature::create },
        { Feature::Push, Feature::Inbox, &PushFeature::create },
    };
    return registry;
}

} // namespace tessera
