#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.client.surveys: the surveys' cache, sync and answer outbox (never tokens or answers)
Q_DECLARE_LOGGING_CATEGORY(lcSurveys)

} // namespace tessera
