package org.tessera.app;

import com.google.firebase.messaging.FirebaseMessagingService;
import com.google.firebase.messaging.RemoteMessage;

import org.json.JSONObject;

import java.util.Map;

// FCM: a data message (never a notification message: the server sends no content in clear) whose
// "p" is the item encrypted for this device. With the app's Qt library loaded, the data map goes
// to the core as JSON (TesseraNative.pushFieldsArrived), which decrypts, checks and notifies.
// Without it (the app is closed), a content-free "New item" notification opens the app, which
// syncs: this Java side never decrypts.
public class TesseraFirebaseService extends FirebaseMessagingService {
    @Override
    public void onMessageReceived(RemoteMessage message) {
        Map<String, String> data = message.getData();
        if (data == null || !data.containsKey("p"))
            return;
        if (TesseraNative.loaded())
            TesseraNative.pushFieldsArrived(new JSONObject(data).toString());
        else
            TesseraNotifications.showHint(this);
    }

    @Override
    public void onNewToken(String token) {
        if (TesseraNative.loaded())
            TesseraNative.pushTokenArrived("fcm", token);
        // Otherwise the app asks for the token at its next start (TesseraPush.requestToken).
    }
}
