package org.tessera.app;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;

// The Approve action and the dismissal of an item's notification (TesseraNotifications). With
// the app's Qt library loaded they go to the core (TesseraNative), where an approval becomes one
// decision through the outbox (exactly once: the core drops a second report). Without it, the
// app is opened at the item: nothing is decided behind the person's back on a stale state.
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
        try {
            TesseraNotifications.openApp(context, itemId, action).send();
        } catch (android.app.PendingIntent.CanceledException e) {
            // The person can still open the app from its icon.
        }
    }
}
