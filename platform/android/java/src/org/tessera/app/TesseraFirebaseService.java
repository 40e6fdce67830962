package org.tessera.app;

import com.google.firebase.messaging.FirebaseMessagingService;
import com.google.firebase.messaging.RemoteMessage;

import org.json.JSONObject;

import java.util.Map;

// FCM: a data message (never a notification message: the server sends no content in clear) whose
// "p" is the item encrypted for this device. With the app's Qt library loaded, the data map goes
// to the core as JSON (TesseraNative.pushFieldsArrived), which decrypts, checks and notifies.
// Without it (the app is closed), TesseraHeadless runs the core without the app in a worker: it
// decrypts and syncs, and the item's notification is shown with its title and actions (or the
// content-free "New item" when the core cannot be opened). This Java side never decrypts.
public class TesseraFirebaseService extends FirebaseMessagingService {
    @Override
    public void onMessageReceived(RemoteMessage message) {
        Map<String, String> data = message.getData();
        if (data == null || !data.containsKey("p"))
            return;
        if (TesseraNative.loaded())
            TesseraNative.pushFieldsArrived(new JSONObject(data).toString());
        else
            TesseraHeadless.enqueuePushFields(this, new JSONObject(data).toString());
    }

    @Override
    public void onNewToken(String token) {
        if (TesseraNative.loaded())
            TesseraNative.pushTokenArrived("fcm", token);
        // Otherwise the app asks for the token at its next start (TesseraPush.requestToken).
    }
}
