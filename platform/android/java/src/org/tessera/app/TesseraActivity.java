package org.tessera.app;

import android.content.Intent;
import android.os.Bundle;

import org.qtproject.qt.android.bindings.QtActivity;

// The app's activity: Qt's, plus the notification taps and the Reject action that open it
// (TesseraNotifications.openApp puts the item and the action into the intent). While Qt is not
// loaded yet (a cold start from a notification), the last one waits here until AndroidMobileOs
// is made and calls deliverPending().
public class TesseraActivity extends QtActivity {
    private static String pendingItem;
    private static String pendingAction;

    @Override
    public void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TesseraNotifications.createChannels(this);
        take(getIntent());
    }

    @Override
    public void onNewIntent(Intent intent) {
        super.onNewIntent(intent);
        take(intent);
    }

    private static synchronized void take(Intent intent) {
        if (intent == null)
            return;
        String itemId = intent.getStringExtra(TesseraNotifications.EXTRA_ITEM);
        if (itemId == null)
            return;
        pendingItem = itemId;
        pendingAction = intent.getStringExtra(TesseraNotifications.EXTRA_ACTION);
        if (TesseraNative.loaded())
            deliverPending();
    }

    // Called by AndroidMobileOs once Qt runs (and by take() when it already does).
    public static synchronized void deliverPending() {
        if (pendingItem == null)
            return;
        if (pendingAction != null)
            TesseraNative.notificationActionInvoked(pendingItem, pendingAction, "");
        else
            TesseraNative.notificationTapped(pendingItem);
        pendingItem = null;
        pendingAction = null;
    }
}
