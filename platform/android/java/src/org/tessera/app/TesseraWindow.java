package org.tessera.app;

import android.app.Activity;
import android.content.Context;
import android.view.Window;
import android.view.WindowManager;

// The activity's window flags for the pass page, set on the Android UI thread: FLAG_SECURE keeps
// it out of screenshots, recordings and the recents thumbnail; the screen guard also keeps the
// screen on at full brightness and restores what was there before.
public final class TesseraWindow {
    private static float savedBrightness = WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE;

    private TesseraWindow() {}

    public static void setSecure(Context context, boolean secure) {
        if (!(context instanceof Activity))
            return;
        Activity activity = (Activity) context;
        activity.runOnUiThread(() -> {
            Window window = activity.getWindow();
            if (secure)
                window.addFlags(WindowManager.LayoutParams.FLAG_SECURE);
            else
                window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE);
        });
    }

    public static void setGuard(Context context, boolean active) {
        if (!(context instanceof Activity))
            return;
        Activity activity = (Activity) context;
        activity.runOnUiThread(() -> {
            Window window = activity.getWindow();
            int flags = WindowManager.LayoutParams.FLAG_SECURE
                    | WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON;
            WindowManager.LayoutParams params = window.getAttributes();
            if (active) {
                window.addFlags(flags);
                savedBrightness = params.screenBrightness;
                params.screenBrightness = 1.0f;
            } else {
                window.clearFlags(flags);
                params.screenBrightness = savedBrightness;
            }
            window.setAttributes(params);
        });
    }
}
