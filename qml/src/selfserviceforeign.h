#pragma once

#include "foreignsingleton.h"
#include "selfservice/cataloguemodel.h"
#include "selfservice/requestsmodel.h"
#include "selfservice/selfservice.h"

namespace tessera {

// `Services`: core's SelfService facade (catalogue — the CatalogueModel —, submit(),
// pendingCount, offline, loading, error, syncNow(), and what became of each submission).
struct ServicesForeign : ForeignSingleton<SelfService>
{
    Q_GADGET
    QML_FOREIGN(tessera::SelfService)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Services)
};

// The type of Services.catalogue (made only by core).
struct CatalogueModelForeign
{
    Q_GADGET
    QML_FOREIGN(tessera::CatalogueModel)
    QML_ANONYMOUS
};

// `Requests`: core's RequestsModel (My requests newest first, with what waits in the outbox on
// top; count, waitingCount).
struct RequestsForeign : ForeignSingleton<RequestsModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::RequestsModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Requests)
};

} // namespace tessera
