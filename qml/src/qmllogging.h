#pragma once

#include <QLoggingCategory>

namespace tessera {

Q_DECLARE_LOGGING_CATEGORY(lcQml) // tessera.qml: the QML module's C++ side

} // namespace tessera
