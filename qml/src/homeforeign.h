#pragma once

#include "foreignsingleton.h"
#include "home/homemodel.h"

namespace tessera {

// `Home`: core's HomeModel (the cards in the server's order, count, loading, offline, error,
// syncNow()).
struct HomeForeign : ForeignSingleton<HomeModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::HomeModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Home)
};

} // namespace tessera
