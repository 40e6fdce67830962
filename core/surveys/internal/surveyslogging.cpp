#include "surveys/internal/surveyslogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcSurveys, "tessera.client.surveys", QtInfoMsg)

} // namespace tessera
