package org.tessera.app;

import android.content.Context;

import org.unifiedpush.android.connector.MessagingReceiver;

// UnifiedPush (connector 2.x): the distributor (ntfy, NextPush, ...) gives a Web Push endpoint and
// delivers the server's RFC 8291 body as it is. Registered in AndroidManifest.xml for
// org.unifiedpush.android.connector.MESSAGE / NEW_ENDPOINT / UNREGISTERED /
// REGISTRATION_FAILED.
public class TesseraUnifiedPushReceiver extends MessagingReceiver {
    @Override
    public void onNewEndpoint(Context context, String endpoint, String instance) {
        if (TesseraNative.loaded())
            TesseraNative.pushTokenArrived("webpush", endpoint);
    }

    @Override
    public void onMessage(Context context, byte[] message, String instance) {
        if (TesseraNative.loaded())
            TesseraNative.pushBodyArrived(message);
        else
            TesseraHeadless.enqueuePushBody(context, message);
    }

    @Override
    public void onRegistrationFailed(Context context, String instance) {
        if (TesseraNative.loaded())
            TesseraNative.pushRegistrationFailed("UnifiedPush registration failed");
    }

    @Override
    public void onUnregistered(Context context, String instance) {
        if (TesseraNative.loaded())
            TesseraNative.pushRegistrationFailed("UnifiedPush distributor unregistered the app");
    }
}
