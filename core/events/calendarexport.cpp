#include "events/calendarexport.h"

namespace tessera {

CalendarExport::~CalendarExport() = default;

} // namespace tessera
