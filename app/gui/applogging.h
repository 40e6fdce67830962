#pragma once

#include <QLoggingCategory>

namespace tessera {

Q_DECLARE_LOGGING_CATEGORY(lcApp) // tessera.app: start-up, options, screenshots, self-test

} // namespace tessera
