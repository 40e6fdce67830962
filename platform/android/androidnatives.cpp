// The JNI natives of org.tessera.app.TesseraNative (java/org/tessera/app/TesseraNative.java):
// each turns its Java arguments into plain Qt types and calls platform/mobile's entry point of
// the same name, which checks the input and hops to the Qt event loop. Called on whatever thread
// Android uses (FCM's service thread, a BroadcastReceiver on the main thread). Compiled only by
// platform/android.cmake.
//
// The headless* natives are the path with the app closed (TesseraHeadless.java, from a
// WorkManager worker): blocking, they run platform/mobile's MobileHeadless on a QCoreApplication
// of their own (mobileheadlessrunner.h) and answer its JSON as a Java string.
#include "mobile/mobileentrypoints.h"
#include "mobile/mobileheadlessrunner.h"
#include "mobile/mobilepushpayload.h"
#include "platformfactory.h"

#include <QByteArray>
#include <QString>

#include <jni.h>

namespace {

QString toQString(JNIEnv *env, jstring text)
{
    if (text == nullptr)
        return {};
    const jsize length = env->GetStringLength(text);
    const jchar *const chars = env->GetStringChars(text, nullptr);
    if (chars == nullptr)
        return {};
    QString result(reinterpret_cast<const QChar *>(chars), length);
    env->ReleaseStringChars(text, chars);
    return result;
}

QByteArray toQByteArray(JNIEnv *env, jbyteArray bytes)
{
    if (bytes == nullptr)
        return {};
    const jsize length = env->GetArrayLength(bytes);
    QByteArray result(length, Qt::Uninitialized);
    env->GetByteArrayRegion(bytes, 0, length, reinterpret_cast<jbyte *>(result.data()));
    return result;
}

jstring toJString(JNIEnv *env, const QByteArray &utf8)
{
    // NewStringUTF takes modified UTF-8; from UTF-16 every character survives.
    const QString text = QString::fromUtf8(utf8);
    return env->NewString(reinterpret_cast<const jchar *>(text.utf16()), jsize(text.size()));
}

// The standard installation, as app/gui/main.cpp makes it: the data folder the Java side names
// (Context.getFilesDir(): Qt's AppDataLocation on Android) and the keyring service "Tessera".
tessera::mobile::HeadlessSetup headlessSetup(JNIEnv *env, jstring dataDir)
{
    tessera::mobile::HeadlessSetup setup;
    setup.dataDir = toQString(env, dataDir);
    setup.keyringService = QStringLiteral("Tessera");
    // WorkManager gives a worker 10 minutes; a BroadcastReceiver would have 10 s.
    setup.timeout = std::chrono::seconds(20);
    setup.makeSecrets = &tessera::PlatformFactory::createSecretStore;
    setup.makeDevice = &tessera::PlatformFactory::createDeviceInfo;
    return setup;
}

QByteArray malformed()
{
    return QByteArrayLiteral(R"({"status":"dropped","reason":"malformed"})");
}

} // namespace

extern "C" {

JNIEXPORT void JNICALL Java_org_tessera_app_TesseraNative_pushTokenArrived(
    JNIEnv *env, jclass, jstring transport, jstring value)
{
    tessera::mobile::pushTokenArrived(toQString(env, transport), toQString(env, value));
}

JNIEXPORT void JNICALL Java_org_tessera_app_TesseraNative_pushRegistrationFailed(
    JNIEnv *env, jclass, jstring reason)
{
    tessera::mobile::pushRegistrationFailed(toQString(env, reason));
}

JNIEXPORT void JNICALL Java_org_tessera_app_TesseraNative_pushFieldsArrived(
    JNIEnv *env, jclass, jstring json)
{
    tessera::mobile::pushFieldsArrived(toQString(env, json).toUtf8());
}

JNIEXPORT void JNICALL Java_org_tessera_app_TesseraNative_pushBodyArrived(
    JNIEnv *env, jclass, jbyteArray body)
{
    tessera::mobile::pushBodyArrived(toQByteArray(env, body));
}

JNIEXPORT void JNICALL Java_org_tessera_app_TesseraNative_notificationActionInvoked(
    JNIEnv *env, jclass, jstring itemId, jstring action, jstring comment)
{
    tessera::mobile::notificationActionInvoked(
        toQString(env, itemId), toQString(env, action), toQString(env, comment));
}

JNIEXPORT void JNICALL Java_org_tessera_app_TesseraNative_notificationTapped(
    JNIEnv *env, jclass, jstring itemId)
{
    tessera::mobile::notificationTapped(toQString(env, itemId));
}

JNIEXPORT void JNICALL Java_org_tessera_app_TesseraNative_notificationDismissed(
    JNIEnv *env, jclass, jstring itemId)
{
    tessera::mobile::notificationDismissed(toQString(env, itemId));
}

JNIEXPORT jboolean JNICALL Java_org_tessera_app_TesseraNative_ping(JNIEnv *, jclass)
{
    return JNI_TRUE;
}

// Whether the app's own Qt runs in this process (the library may be loaded by TesseraHeadless
// alone).
JNIEXPORT jboolean JNICALL Java_org_tessera_app_TesseraNative_appRunning(JNIEnv *, jclass)
{
    return tessera::mobile::appRunning() ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jstring JNICALL Java_org_tessera_app_TesseraNative_headlessPushFields(
    JNIEnv *env, jclass, jstring dataDir, jstring json)
{
    const std::optional<QByteArray> encrypted =
        tessera::MobilePushPayload::encryptedOfFields(toQString(env, json).toUtf8());
    return toJString(env,
        encrypted ? tessera::mobile::runHeadlessPush(headlessSetup(env, dataDir), *encrypted)
                  : malformed());
}

JNIEXPORT jstring JNICALL Java_org_tessera_app_TesseraNative_headlessPushBody(
    JNIEnv *env, jclass, jstring dataDir, jbyteArray body)
{
    const std::optional<QByteArray> encrypted =
        tessera::MobilePushPayload::encryptedOfRawBody(toQByteArray(env, body));
    return toJString(env,
        encrypted ? tessera::mobile::runHeadlessPush(headlessSetup(env, dataDir), *encrypted)
                  : malformed());
}

JNIEXPORT jstring JNICALL Java_org_tessera_app_TesseraNative_headlessDecide(
    JNIEnv *env, jclass, jstring dataDir, jstring itemId, jstring action, jstring comment)
{
    return toJString(env,
        tessera::mobile::runHeadlessDecision(headlessSetup(env, dataDir), toQString(env, itemId),
            toQString(env, action), toQString(env, comment)));
}

} // extern "C"
