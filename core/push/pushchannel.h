#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace tessera {

// Where this device receives pushes while the app is closed, as registered with the server
// (POST /v1/me/push): a Web Push endpoint (a UnifiedPush distributor), or an FCM or APNs token.
struct PushRegistration
{
    QString transport; // "webpush" | "fcm" | "apns"
    QString endpoint; // webpush: the push resource URL; empty otherwise
    QString token; // fcm: the registration token; apns: the device token in hex; empty for webpush
};

// Platform seam: how the OS hands this app its pushes (Android: FCM or a UnifiedPush
// distributor; iOS: APNs). Implemented under platform/<os>/ and made by
// PlatformFactory::createPushChannel(), nullptr where there is none (the desktop keeps its
// stream in the tray instead). Tests use tests/harness/fakes/fakepushchannel.h. Every message is
// the RFC 8291 aes128gcm body encrypted for this device's push keys, whatever the transport; the
// core decrypts and validates it (core/push), never the platform code.
class PushChannel : public QObject
{
    Q_OBJECT
public:
    explicit PushChannel(QObject *parent = nullptr);
    ~PushChannel() override;

    // Asks the OS for this device's endpoint or token: registered() or registrationFailed()
    // follows, on the event loop. Called again when the channel said the token changed.
    virtual void requestRegistration() = 0;
    // Tells the OS this app no longer wants pushes (sign-out).
    virtual void unregister() = 0;

Q_SIGNALS:
    void registered(const tessera::PushRegistration &registration);
    // A reason in words for the log; never a secret.
    void registrationFailed(const QString &reason);
    // The OS rotated the token or endpoint: register again.
    void registrationChanged();
    // One push as received: the encrypted body (for FCM and APNs, the bytes the server put in
    // the message's "p" field, base64url-decoded by the platform code).
    void messageReceived(const QByteArray &encrypted);
};

} // namespace tessera

Q_DECLARE_METATYPE(tessera::PushRegistration)
