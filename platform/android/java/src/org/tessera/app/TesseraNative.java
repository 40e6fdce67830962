package org.tessera.app;

// The JNI natives of platform/android/androidnatives.cpp: each hands its arguments to
// platform/mobile's entry point of the same name (checked there, then queued to the Qt event
// loop). They exist only while the app's Qt library is loaded: a push or an action that comes
// while the process has no Qt (the app was closed) takes the fallback of its caller.
public final class TesseraNative {
    private TesseraNative() {}

    static native void pushTokenArrived(String transport, String value);
    static native void pushRegistrationFailed(String reason);
    static native void pushFieldsArrived(String json);
    static native void pushBodyArrived(byte[] body);
    static native void notificationActionInvoked(String itemId, String action, String comment);
    static native void notificationTapped(String itemId);
    static native void notificationDismissed(String itemId);
    static native boolean ping();

    // Whether the natives can be called now (the Qt library is loaded in this process).
    static boolean loaded() {
        try {
            return ping();
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
