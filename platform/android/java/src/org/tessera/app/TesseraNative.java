package org.tessera.app;

// The JNI natives of platform/android/androidnatives.cpp: each hands its arguments to
// platform/mobile's entry point of the same name (checked there, then queued to the Qt event
// loop). They exist only while the app's Qt library is loaded: a push or an action that comes
// while the process has no Qt (the app was closed) goes to TesseraHeadless, which loads the
// library itself and calls the headless* natives (blocking; never on the main thread).
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
    // Whether the app's own Qt runs in this process (not only the library TesseraHeadless loaded).
    static native boolean appRunning();
    // The app closed: platform/mobile's MobileHeadless, answering its JSON ({"status", ...}).
    static native String headlessPushFields(String dataDir, String json);
    static native String headlessPushBody(String dataDir, byte[] body);
    static native String headlessDecide(
            String dataDir, String itemId, String action, String comment);

    // Whether the running app takes pushes and actions now (its Qt library is loaded and its
    // application runs in this process).
    static boolean loaded() {
        try {
            return ping() && appRunning();
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
