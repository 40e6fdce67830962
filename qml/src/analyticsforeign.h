#pragma once

#include "analytics/analyticsrecorder.h"
#include "foreignsingleton.h"

namespace tessera {

// `Analytics`: core's AnalyticsRecorder (consent, enabled, needsAnswer, setConsent(on),
// screenViewed(name), featureUsed(name), errorShown(name)).
struct AnalyticsForeign : ForeignSingleton<AnalyticsRecorder>
{
    Q_GADGET
    QML_FOREIGN(tessera::AnalyticsRecorder)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Analytics)
};

} // namespace tessera
