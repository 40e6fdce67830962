package org.tessera.app;

import android.content.Context;

import com.google.firebase.messaging.FirebaseMessaging;

import org.unifiedpush.android.connector.UnifiedPush;

import java.util.ArrayList;
import java.util.List;

// Asks for this device's push address: a UnifiedPush distributor when the person has one
// installed (de-Googled phones), FCM otherwise. The answer comes back through TesseraNative
// (pushTokenArrived with "webpush" or "fcm", or pushRegistrationFailed). Called by
// AndroidMobileOs over JNI.
public final class TesseraPush {
    private static final String INSTANCE = "default";

    private TesseraPush() {}

    public static void requestToken(Context context) {
        List<String> distributors = UnifiedPush.getDistributors(context);
        if (!distributors.isEmpty()) {
            // The one the person chose before, else the first one installed.
            if (UnifiedPush.getDistributor(context).isEmpty())
                UnifiedPush.saveDistributor(context, distributors.get(0));
            // connector 2.x: (context, instance, features, message for the distributor).
            UnifiedPush.registerApp(context, INSTANCE, new ArrayList<>(), "Tessera");
            return;
        }
        FirebaseMessaging.getInstance().getToken().addOnCompleteListener(task -> {
            if (task.isSuccessful() && task.getResult() != null)
                TesseraNative.pushTokenArrived("fcm", task.getResult());
            else
                TesseraNative.pushRegistrationFailed(task.getException() != null
                        ? task.getException().getClass().getSimpleName()
                        : "no FCM token");
        });
    }

    public static void unregister(Context context) {
        if (!UnifiedPush.getDistributor(context).isEmpty())
            UnifiedPush.unregisterApp(context, INSTANCE);
        FirebaseMessaging.getInstance().deleteToken();
    }
}
