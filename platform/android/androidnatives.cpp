// The JNI natives of org.tessera.app.TesseraNative (java/org/tessera/app/TesseraNative.java):
// each turns its Java arguments into plain Qt types and calls platform/mobile's entry point of
// the same name, which checks the input and hops to the Qt event loop. Called on whatever thread
// Android uses (FCM's service thread, a BroadcastReceiver on the main thread). Compiled only by
// platform/android.cmake.
#include "mobile/mobileentrypoints.h"

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

} // extern "C"
