#pragma once

#include "foreignsingleton.h"
#include "inbox/inboxhistory.h"
#include "inbox/inboxmodel.h"

namespace tessera {

// `Inbox`: core's InboxModel (the list, its filters, unreadCount, pendingDecisions, offline,
// approve(), reject(), decide(), approveAll(), get(), refresh() ...).
struct InboxForeign : ForeignSingleton<InboxModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::InboxModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Inbox)
};

// `InboxHistory`: the decision history of the item on the detail page (load(id), events).
struct InboxHistoryForeign : ForeignSingleton<InboxHistory>
{
    Q_GADGET
    QML_FOREIGN(tessera::InboxHistory)
    QML_SINGLETON
    QML_NAMED_ELEMENT(InboxHistory)
};

} // namespace tessera
