#include "news/internal/newslogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcNews, "tessera.client.news", QtInfoMsg)

} // namespace tessera
