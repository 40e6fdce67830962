package org.tessera.app;

import android.content.Context;
import android.os.Build;

import androidx.annotation.NonNull;
import androidx.work.Data;
import androidx.work.ExistingWorkPolicy;
import androidx.work.OneTimeWorkRequest;
import androidx.work.WorkManager;
import androidx.work.Worker;
import androidx.work.WorkerParameters;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

// The core with the app closed: a push or a notification action that comes while this process
// runs no Qt application. The work goes to WorkManager (a BroadcastReceiver has 10 s and FCM's
// onMessageReceived about 20 s; a worker has minutes and is retried), whose worker thread loads
// the app's library (System.loadLibrary) and calls TesseraNative's headless* natives. Those are
// blocking: platform/mobile/mobileheadlessrunner.h makes a QCoreApplication of its own on a
// thread of its own (never a QGuiApplication: no window, no QML), opens the session, the
// SQLCipher database and the push keys from the Android Keystore through QtKeychain, answers,
// and ends that application before returning, so that the activity can start Qt later.
//
// - A push: decrypted and synced by the core; its answer's title and actions are shown with
//   TesseraNotifications.show (Approve as a broadcast to TesseraActionReceiver). "dropped" shows
//   nothing; "unavailable" (the keystore or the database cannot be opened now) and a library that
//   does not load show the content-free hint, which opens the app.
// - An Approve: one unique work per item (ExistingWorkPolicy.KEEP), which puts the decision
//   through the core's outbox (exactly once: the outbox's Idempotency-Key) and tries to send it.
//   "waiting" (not sent yet) and "unavailable" retry with WorkManager's backoff: each retry sends
//   the decision already waiting, never a second one; the app sends it too when it next runs.
//   "refused" with "comment_required" or "invalid_inputs" opens the app at the item.
// The requests are not expedited (below Android 12 an expedited worker must run as a foreground
// service with a notification of its own); a request without constraints runs within seconds.
//
// Built only in the Android toolchain; the C++ it calls is tested on the desktop
// (tests/unit/tst_mobile_headless).
final class TesseraHeadless {
    private TesseraHeadless() {}

    static final String KIND = "kind";
    static final String FIELDS = "fields";
    static final String BODY = "body";
    static final String ITEM = "item";
    static final String ACTION = "action";
    static final String COMMENT = "comment";

    private static boolean sLoaded = false;

    // Loads the app's library (androiddeployqt names it libtessera_<abi>.so; its Qt libraries
    // come with it as dependencies). Not on the main thread: it is large.
    static synchronized boolean load() {
        if (sLoaded)
            return true;
        try {
            System.loadLibrary("tessera_" + Build.SUPPORTED_ABIS[0]);
            sLoaded = TesseraNative.ping();
        } catch (UnsatisfiedLinkError e) {
            sLoaded = false;
        }
        return sLoaded;
    }

    // FCM's data map as JSON.
    static void enqueuePushFields(Context context, String json) {
        enqueuePush(context, new Data.Builder().putString(KIND, FIELDS).putString(FIELDS, json));
    }

    // A UnifiedPush body (at most 4 KiB: within WorkManager's 10 KiB of data).
    static void enqueuePushBody(Context context, byte[] body) {
        enqueuePush(context, new Data.Builder().putString(KIND, BODY).putByteArray(BODY, body));
    }

    static void enqueueDecision(Context context, String itemId, String action, String comment) {
        Data data = new Data.Builder()
                .putString(ITEM, itemId)
                .putString(ACTION, action)
                .putString(COMMENT, comment == null ? "" : comment)
                .build();
        OneTimeWorkRequest request = new OneTimeWorkRequest.Builder(DecisionWorker.class)
                .setInputData(data)
                .build();
        WorkManager.getInstance(context).enqueueUniqueWork(
                "decision-" + itemId, ExistingWorkPolicy.KEEP, request);
    }

    private static void enqueuePush(Context context, Data.Builder data) {
        OneTimeWorkRequest request = new OneTimeWorkRequest.Builder(PushWorker.class)
                .setInputData(data.build())
                .build();
        WorkManager.getInstance(context).enqueue(request);
    }

    private static JSONObject parse(String answer) {
        try {
            return new JSONObject(answer == null ? "{}" : answer);
        } catch (JSONException e) {
            return new JSONObject();
        }
    }

    public static class PushWorker extends Worker {
        public PushWorker(@NonNull Context context, @NonNull WorkerParameters parameters) {
            super(context, parameters);
        }

        @NonNull
        @Override
        public Result doWork() {
            Context context = getApplicationContext();
            Data input = getInputData();
            // The app started meanwhile: it takes the push itself.
            if (load() && TesseraNative.appRunning()) {
                if (FIELDS.equals(input.getString(KIND)))
                    TesseraNative.pushFieldsArrived(input.getString(FIELDS));
                else
                    TesseraNative.pushBodyArrived(input.getByteArray(BODY));
                return Result.success();
            }
            if (!load()) {
                TesseraNotifications.showHint(context);
                return Result.success();
            }
            String dataDir = context.getFilesDir().getAbsolutePath();
            JSONObject answer = parse(FIELDS.equals(input.getString(KIND))
                    ? TesseraNative.headlessPushFields(dataDir, input.getString(FIELDS))
                    : TesseraNative.headlessPushBody(dataDir, input.getByteArray(BODY)));
            String status = answer.optString("status");
            if ("show".equals(status)) {
                JSONArray actions = answer.optJSONArray("actions");
                boolean approve = false;
                boolean reject = false;
                for (int i = 0; actions != null && i < actions.length(); ++i) {
                    approve |= "approve".equals(actions.optString(i));
                    reject |= "reject".equals(actions.optString(i));
                }
                String title = answer.optString("title");
                if (title.isEmpty())
                    TesseraNotifications.showHint(context);
                else
                    TesseraNotifications.show(context, answer.optString("itemId"), title,
                            answer.optString("body"), approve, reject);
            } else if ("unavailable".equals(status) || "appRunning".equals(status)) {
                TesseraNotifications.showHint(context);
            }
            // "dropped", "signedOut": nothing to show.
            return Result.success();
        }
    }

    public static class DecisionWorker extends Worker {
        public DecisionWorker(@NonNull Context context, @NonNull WorkerParameters parameters) {
            super(context, parameters);
        }

        @NonNull
        @Override
        public Result doWork() {
            Context context = getApplicationContext();
            Data input = getInputData();
            String itemId = input.getString(ITEM);
            String action = input.getString(ACTION);
            String comment = input.getString(COMMENT);
            if (itemId == null || action == null)
                return Result.failure();
            if (load() && TesseraNative.appRunning()) {
                TesseraNative.notificationActionInvoked(itemId, action, comment);
                return Result.success();
            }
            if (!load()) {
                openApp(context, itemId, action);
                return Result.success();
            }
            JSONObject answer = parse(TesseraNative.headlessDecide(
                    context.getFilesDir().getAbsolutePath(), itemId, action, comment));
            String status = answer.optString("status");
            if ("sent".equals(status) || "signedOut".equals(status)) {
                TesseraNotifications.cancel(context, itemId);
                return Result.success();
            }
            if ("waiting".equals(status) || "unavailable".equals(status)) {
                // In the outbox (or the keystore not unlocked yet): again with a network.
                TesseraNotifications.cancel(context, itemId);
                return Result.retry();
            }
            // "refused", the item not on this device (a push shown offline, its sync failed):
            // again a few times (each call syncs first), then the app.
            if ("not_found".equals(answer.optString("outcome"))) {
                if (getRunAttemptCount() < 5)
                    return Result.retry();
                openApp(context, itemId, action);
                return Result.success();
            }
            // "refused": a comment needed, a form, decided elsewhere: the app shows why.
            if ("comment_required".equals(answer.optString("outcome"))
                    || "invalid_inputs".equals(answer.optString("outcome")))
                openApp(context, itemId, action);
            else
                TesseraNotifications.cancel(context, itemId);
            return Result.success();
        }

        private static void openApp(Context context, String itemId, String action) {
            try {
                TesseraNotifications.openApp(context, itemId, action).send();
            } catch (android.app.PendingIntent.CanceledException e) {
                // The person can still open the app from its icon.
            }
        }
    }
}
