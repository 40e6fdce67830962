package org.tessera.app;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;

// The Approve action and the dismissal of an item's notification (TesseraNotifications). With
// the app running they go to the core (TesseraNative), where an approval becomes one decision
// through the outbox (exactly once: the core drops a second report). With the app closed, the
// approval goes to TesseraHeadless's worker: the core without the app syncs the item (a stale
// one is refused there, never decided), puts the decision through the same outbox and sends it.
// The action needs the device unlocked (setAuthenticationRequired).
public class TesseraActionReceiver extends BroadcastReceiver {
    @Override
    public void onReceive(Context context, Intent intent) {
        String itemId = intent.getStringExtra(TesseraNotifications.EXTRA_ITEM);
        String action = intent.getStringExtra(TesseraNotifications.EXTRA_ACTION);
        if (itemId == null || action == null)
            return;
        boolean loaded = TesseraNative.loaded();
        if ("dismiss".equals(action)) {
            if (loaded)
                TesseraNative.notificationDismissed(itemId);
            return;
        }
        if (loaded) {
            TesseraNative.notificationActionInvoked(itemId, action, "");
            return;
        }
        TesseraHeadless.enqueueDecision(context, itemId, action, "");
    }
}
