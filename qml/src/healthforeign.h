#pragma once

#include "foreignsingleton.h"
#include "health/healthrecordsmodel.h"

namespace tessera {

// `HealthRecords`: core's HealthRecordsModel (my vaccination records: refresh(), addDose(),
// previewHc1(), hc1FromImage(path, reader), attachHc1(), attachFile(), loading, error, sending,
// problem, vaccines).
struct HealthRecordsForeign : ForeignSingleton<HealthRecordsModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::HealthRecordsModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(HealthRecords)
};

} // namespace tessera
