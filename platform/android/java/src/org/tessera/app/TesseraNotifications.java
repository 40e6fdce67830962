package org.tessera.app;

import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.app.PendingIntent;
import android.content.Context;
import android.content.Intent;
import android.os.Build;

import androidx.core.app.NotificationCompat;
import androidx.core.app.NotificationManagerCompat;

// The system's notifications of inbox items (AndroidMobileOs calls these over JNI): one per item,
// tagged with its id. Channels: "Decisions" (high: heads-up) for items with actions, "Updates"
// (default) for the rest and for the content-free hint. Approve and Reject need the device
// unlocked (setAuthenticationRequired, API 31+); Approve decides in the background through
// TesseraActionReceiver, Reject opens the app at the comment dialog.
public final class TesseraNotifications {
    static final String DECISIONS = "decisions";
    static final String UPDATES = "updates";
    static final String EXTRA_ITEM = "org.tessera.app.ITEM";
    static final String EXTRA_ACTION = "org.tessera.app.ACTION";
    static final String HINT_TAG = "org.tessera.app.HINT";
    // One notification per tag (the item id); the id is the same for all.
    private static final int ID = 1;

    private TesseraNotifications() {}

    static void createChannels(Context context) {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.O)
            return;
        NotificationManager manager = context.getSystemService(NotificationManager.class);
        manager.createNotificationChannel(new NotificationChannel(
                DECISIONS, "Decisions", NotificationManager.IMPORTANCE_HIGH));
        manager.createNotificationChannel(new NotificationChannel(
                UPDATES, "Updates", NotificationManager.IMPORTANCE_DEFAULT));
    }

    public static boolean allowed(Context context) {
        return NotificationManagerCompat.from(context).areNotificationsEnabled();
    }

    public static void show(Context context, String itemId, String title, String body,
            boolean approve, boolean reject) {
        createChannels(context);
        boolean decision = approve || reject;
        NotificationCompat.Builder builder =
                new NotificationCompat.Builder(context, decision ? DECISIONS : UPDATES)
                        .setSmallIcon(android.R.drawable.stat_notify_chat)
                        .setContentTitle(title)
                        .setContentText(body)
                        .setStyle(new NotificationCompat.BigTextStyle().bigText(body))
                        // The lock screen shows "Tessera" only, never the item.
                        .setVisibility(NotificationCompat.VISIBILITY_PRIVATE)
                        .setAutoCancel(true)
                        .setContentIntent(openApp(context, itemId, null))
                        .setDeleteIntent(broadcast(context, itemId, "dismiss"));
        if (approve)
            builder.addAction(new NotificationCompat.Action.Builder(
                    0, "Approve", broadcast(context, itemId, "approve"))
                    .setAuthenticationRequired(true)
                    .build());
        if (reject)
            // A reject needs a comment: the app opens at the comment dialog.
            builder.addAction(new NotificationCompat.Action.Builder(
                    0, "Reject", openApp(context, itemId, "reject"))
                    .setAuthenticationRequired(true)
                    .build());
        try {
            NotificationManagerCompat.from(context).notify(itemId, ID, builder.build());
        } catch (SecurityException e) {
            // POST_NOTIFICATIONS was refused: nothing is shown.
        }
    }

    public static void cancel(Context context, String itemId) {
        NotificationManagerCompat.from(context).cancel(itemId, ID);
    }

    // A push came while the app's Qt side was not running: a notification without content,
    // which opens the app (it syncs and shows the item).
    static void showHint(Context context) {
        createChannels(context);
        NotificationCompat.Builder builder = new NotificationCompat.Builder(context, UPDATES)
                .setSmallIcon(android.R.drawable.stat_notify_chat)
                .setContentTitle("New item")
                .setAutoCancel(true)
                .setContentIntent(openApp(context, null, null));
        try {
            NotificationManagerCompat.from(context).notify(HINT_TAG, ID, builder.build());
        } catch (SecurityException e) {
            // POST_NOTIFICATIONS was refused.
        }
    }

    private static PendingIntent broadcast(Context context, String itemId, String action) {
        Intent intent = new Intent(context, TesseraActionReceiver.class)
                .setAction("org.tessera.app.NOTIFICATION_" + action)
                .putExtra(EXTRA_ITEM, itemId)
                .putExtra(EXTRA_ACTION, action);
        return PendingIntent.getBroadcast(context, (itemId + action).hashCode(), intent,
                PendingIntent.FLAG_UPDATE_CURRENT | PendingIntent.FLAG_IMMUTABLE);
    }

    static PendingIntent openApp(Context context, String itemId, String action) {
        Intent intent = context.getPackageManager()
                .getLaunchIntentForPackage(context.getPackageName())
                .setFlags(Intent.FLAG_ACTIVITY_NEW_TASK | Intent.FLAG_ACTIVITY_SINGLE_TOP);
        if (itemId != null)
            intent.putExtra(EXTRA_ITEM, itemId);
        if (action != null)
            intent.putExtra(EXTRA_ACTION, action);
        int code = (String.valueOf(itemId) + action).hashCode();
        return PendingIntent.getActivity(context, code, intent,
                PendingIntent.FLAG_UPDATE_CURRENT | PendingIntent.FLAG_IMMUTABLE);
    }
}
