#include "selfservice/selfservicelogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcSelfService, "tessera.selfservice")

} // namespace tessera
