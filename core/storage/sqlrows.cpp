#include "storage/sqlrows.h"

#include "base/logging.h"
#include "storage/sqlerror.h"

namespace tessera {

void logRowsFailed(const char *what, const SqlError &error)
{
    qCWarning(lcDatabase).noquote() << QLatin1String(what) + QLatin1Char(':') << error.message;
}

} // namespace tessera
