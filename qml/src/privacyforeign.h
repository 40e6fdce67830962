#pragma once

#include "foreignsingleton.h"
#include "privacy/devicesmodel.h"
#include "privacy/privacyexport.h"
#include "privacy/privacyrequestsmodel.h"

namespace tessera {

// `DataExport`: core's PrivacyExport ("Export my data": exportTo(url), exportToDefault(),
// cancel(), state, message, received/total, choosesLocation).
struct DataExportForeign : ForeignSingleton<PrivacyExport>
{
    Q_GADGET
    QML_FOREIGN(tessera::PrivacyExport)
    QML_SINGLETON
    QML_NAMED_ELEMENT(DataExport)
};

// `PrivacyRequests`: core's PrivacyRequestsModel (My requests to the privacy team, send(),
// deleteAccount() for a local ID).
struct PrivacyRequestsForeign : ForeignSingleton<PrivacyRequestsModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::PrivacyRequestsModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(PrivacyRequests)
};

// `Devices`: core's DevicesModel (My devices, refresh(), signOut(id) of another device).
struct DevicesForeign : ForeignSingleton<DevicesModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::DevicesModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Devices)
};

} // namespace tessera
