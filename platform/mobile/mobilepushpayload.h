#pragma once

#include "push/pushchannel.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace tessera {

// What the OS hands the glue, checked before it reaches the core: pure functions, on any thread.
// Anything malformed is refused (std::nullopt) and logged by kind, never with its content.
class MobilePushPayload
{
public:
    // An aes128gcm body (RFC 8188): a 21-byte header plus the key id, then at least one record of
    // a padding delimiter and a 16-byte tag.
    static constexpr qsizetype minEncryptedBytes = 21 + 1 + 16;
    // At most 2 KiB of plaintext (DESIGN.md, second round, decision 6) with a 65-byte key id:
    // 2,151 bytes; what is larger is not a Tessera push.
    static constexpr qsizetype maxEncryptedBytes = 4096;
    // The FCM data map or APNs userInfo as JSON: "p" (base64url, 4/3 of the body) plus the
    // transport's own keys ("aps", "from", "collapse_key", ...).
    static constexpr qsizetype maxFieldsBytes = 8192;
    static constexpr qsizetype maxTokenChars = 4096;
    static constexpr qsizetype maxItemIdChars = 128;
    static constexpr qsizetype maxCommentChars = 2000;

    // The FCM data map or the APNs userInfo, flattened to a JSON object: its "p" string,
    // base64url-decoded (padding optional), of an acceptable size.
    static std::optional<QByteArray> encryptedOfFields(const QByteArray &json);
    // A UnifiedPush message: the Web Push body as the distributor received it.
    static std::optional<QByteArray> encryptedOfRawBody(const QByteArray &body);
    // A token or endpoint the OS gave: transport "fcm" (an FCM registration token), "apns" (the
    // device token in hex) or "webpush" (a UnifiedPush endpoint, https).
    static std::optional<PushRegistration> registrationOf(
        const QString &transport, const QString &value);
    // A notification's item id as the OS hands it back: what this glue put there.
    static bool isItemId(const QString &itemId);
};

} // namespace tessera
