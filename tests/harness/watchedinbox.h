#pragma once

// Header only (the tessera_testfakes target's folder), for the tests of the inbox's
// notifications: the set-up they share whatever shows the notifications (the fake seam in
// tst_inbox_notifier, the phones' MobileNotifier in tst_mobile_push_decision, the desktop's
// DesktopNotifier on a D-Bus daemon in tst_desktop_notifications). Core's InboxNotifier
// watches the store through that Notifier, active (as with the app's window hidden) unless
// told otherwise, and spies record what it asks of the app.
#include "notify/inboxnotifier.h"

#include <QSignalSpy>

namespace tessera::test {

struct WatchedInbox
{
    explicit WatchedInbox(InboxStore &store, Notifier &notifier, DecisionOutbox *outbox = nullptr,
        InboxSync *sync = nullptr, bool active = true)
        : watcher(store, sync, outbox, notifier)
    {
        watcher.setActive(active);
    }

    InboxNotifier watcher;
    QSignalSpy opened { &watcher, &InboxNotifier::openItemRequested };
    QSignalSpy comment { &watcher, &InboxNotifier::commentRequested };
};

} // namespace tessera::test
