#include "analytics/internal/analyticslogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcAnalytics, "tessera.client.analytics", QtInfoMsg)

} // namespace tessera
