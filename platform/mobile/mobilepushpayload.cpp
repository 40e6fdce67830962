#include "mobile/mobilepushpayload.h"

#include "mobile/mobilelogging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace tessera {

namespace {

bool hasSize(const QByteArray &encrypted)
{
    if (encrypted.size() < MobilePushPayload::minEncryptedBytes) {
        qCWarning(lcMobile) << "push dropped: body too short," << encrypted.size() << "bytes";
        return false;
    }
    if (encrypted.size() > MobilePushPayload::maxEncryptedBytes) {
        qCWarning(lcMobile) << "push dropped: body too large," << encrypted.size() << "bytes";
        return false;
    }
    return true;
}

bool isBase64Url(QStringView text)
{
    for (const QChar c : text) {
        const bool ok = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z')
            || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
        if (!ok)
            return false;
    }
    return true;
}

bool isFcmToken(QStringView token)
{
    // FCM registration tokens: base64url-like text with a ':' between the instance id and the
    // rest.
    for (const QChar c : token)
        if (!(c.isLetterOrNumber() && c.unicode() < 0x80) && c != u'-' && c != u'_' && c != u':')
            return false;
    return true;
}

bool isLowerHex(QStringView token)
{
    for (const QChar c : token)
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    return true;
}

} // namespace

std::optional<QByteArray> MobilePushPayload::encryptedOfFields(const QByteArray &json)
{
    if (json.size() > maxFieldsBytes) {
        qCWarning(lcMobile) << "push dropped: message fields too large," << json.size() << "bytes";
        return std::nullopt;
    }
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        qCWarning(lcMobile) << "push dropped: message fields are not a JSON object";
        return std::nullopt;
    }
    const QJsonValue p = document.object().value(QLatin1String("p"));
    if (!p.isString()) {
        qCWarning(lcMobile) << "push dropped: no \"p\" string in the message";
        return std::nullopt;
    }
    QString text = p.toString();
    // Padding is optional in base64url (RFC 7515's form has none); '=' only at the end.
    while (text.endsWith(u'='))
        text.chop(1);
    if (text.isEmpty() || !isBase64Url(text) || text.size() % 4 == 1) {
        qCWarning(lcMobile) << "push dropped: \"p\" is not base64url";
        return std::nullopt;
    }
    if (text.size() > maxEncryptedBytes * 4 / 3 + 4) {
        qCWarning(lcMobile) << "push dropped: \"p\" too large," << text.size() << "characters";
        return std::nullopt;
    }
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        qCWarning(lcMobile) << "push dropped: \"p\" is not base64url";
        return std::nullopt;
    }
    if (!hasSize(decoded.decoded))
        return std::nullopt;
    return decoded.decoded;
}

std::optional<QByteArray> MobilePushPayload::encryptedOfRawBody(const QByteArray &body)
{
    if (!hasSize(body))
        return std::nullopt;
    return body;
}

std::optional<PushRegistration> MobilePushPayload::registrationOf(
    const QString &transport, const QString &value)
{
    PushRegistration registration;
    registration.transport = transport;
    if (value.isEmpty() || value.size() > maxTokenChars) {
        qCWarning(lcMobile) << "push token refused: empty or too long";
        return std::nullopt;
    }
    if (transport == u"fcm" && isFcmToken(value)) {
        registration.token = value;
        return registration;
    }
    if (transport == u"apns") {
        const QString hex = value.toLower();
        // 32 bytes today; Apple says the length may change.
        if (hex.size() >= 32 && hex.size() % 2 == 0 && isLowerHex(hex)) {
            registration.token = hex;
            return registration;
        }
    }
    if (transport == u"webpush") {
        const QUrl url(value, QUrl::StrictMode);
        if (url.isValid() && url.scheme() == u"https" && !url.host().isEmpty()
            && url.userInfo().isEmpty()) {
            registration.endpoint = url.toString(QUrl::FullyEncoded);
            return registration;
        }
    }
    if (transport == u"fcm" || transport == u"apns" || transport == u"webpush")
        qCWarning(lcMobile).noquote() << "push token refused: not a valid" << transport << "token";
    else
        qCWarning(lcMobile) << "push token refused: unknown transport";
    return std::nullopt;
}

bool MobilePushPayload::isItemId(const QString &itemId)
{
    if (itemId.isEmpty() || itemId.size() > maxItemIdChars)
        return false;
    for (const QChar c : itemId)
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return false;
    return true;
}

} // namespace tessera
