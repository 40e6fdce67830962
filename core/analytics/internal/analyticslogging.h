#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.client.analytics: the analytics queue and its uploads (never an installation id)
Q_DECLARE_LOGGING_CATEGORY(lcAnalytics)

} // namespace tessera
