// Built only in Xcode (platform/ios.cmake's TesseraNotificationService target); not on this
// machine. Links Qt Core, platform/mobile (the "p" checks) and core/push's decryptor.
#import "NotificationService.h"

// Header only for this target: the service name the app writes under.
#include "../iossecretstore.h"
#include "mobile/mobilepushpayload.h"
// core/push: the RFC 8291 decryptor and the push keys' record as the app stores it.
#include "push/pushkeys.h"
#include "push/webpushdecryptor.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#import <Security/Security.h>

namespace {

// The Keychain item the app writes its push keys to (platform/ios/iossecretstore.h: service
// IosSecretStore::applicationService(), "Tessera" as app/gui/main.cpp names the standard
// installation's; account PushKeyStore::secretName(), "push-keys"), in the access group shared
// with this extension, readable after the first unlock on this device only
// (kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly). Until this session it named the service
// "org.tessera.app", which the app never wrote: the extension found no keys and always left
// "New item".
NSString *keychainService()
{
    return tessera::IosSecretStore::applicationService().toNSString();
}
NSString *keychainAccount()
{
    return tessera::PushKeyStore::secretName().toNSString();
}
constexpr qsizetype maxTitleChars = 200;

std::optional<QByteArray> pushKeysRecord()
{
    // "<team id>.org.tessera.app.shared": Xcode fills the team into Info.plist.
    NSString *keychainGroup =
        [NSBundle.mainBundle objectForInfoDictionaryKey:@"TesseraKeychainGroup"];
    if (keychainGroup.length == 0)
        return std::nullopt;
    NSDictionary *query = @{
        (__bridge id)kSecClass : (__bridge id)kSecClassGenericPassword,
        (__bridge id)kSecAttrService : keychainService(),
        (__bridge id)kSecAttrAccount : keychainAccount(),
        (__bridge id)kSecUseDataProtectionKeychain : @YES,
        (__bridge id)kSecAttrAccessGroup : keychainGroup,
        (__bridge id)kSecReturnData : @YES,
        (__bridge id)kSecMatchLimit : (__bridge id)kSecMatchLimitOne,
    };
    CFTypeRef result = nullptr;
    if (SecItemCopyMatching((__bridge CFDictionaryRef)query, &result) != errSecSuccess)
        return std::nullopt;
    NSData *data = (__bridge_transfer NSData *)result;
    return QByteArray::fromNSData(data);
}

// The decrypted item's title (the server's plaintext is {"id","title","actions"}), plain text and
// short; nothing when it has none.
std::optional<QString> titleOf(const QByteArray &plaintext)
{
    const QJsonDocument document = QJsonDocument::fromJson(plaintext);
    const QString title = document.object().value(QLatin1String("title")).toString().trimmed();
    if (title.isEmpty())
        return std::nullopt;
    return title.left(maxTitleChars);
}

} // namespace

@implementation NotificationService {
    void (^m_contentHandler)(UNNotificationContent *);
    UNMutableNotificationContent *m_content;
}

- (void)didReceiveNotificationRequest:(UNNotificationRequest *)request
                   withContentHandler:(void (^)(UNNotificationContent *))contentHandler
{
    m_contentHandler = contentHandler;
    m_content = [request.content mutableCopy];
    // What shows when anything below fails: the server's own "New item".
    if (m_content.title.length == 0)
        m_content.title = @"New item";

    NSData *json = [NSJSONSerialization isValidJSONObject:request.content.userInfo]
        ? [NSJSONSerialization dataWithJSONObject:request.content.userInfo options:0 error:nil]
        : nil;
    const std::optional<QByteArray> encrypted = json != nil
        ? tessera::MobilePushPayload::encryptedOfFields(QByteArray::fromNSData(json))
        : std::nullopt;
    const std::optional<QByteArray> keys = encrypted ? pushKeysRecord() : std::nullopt;
    if (encrypted && keys) {
        tessera::PushKeys pushKeys = tessera::PushKeyStore::keysOfRecord(*keys);
        const tessera::WebPushDecryptor decryptor(
            pushKeys.privateKey, pushKeys.publicKey, pushKeys.auth);
        pushKeys.wipe();
        const std::optional<QByteArray> plaintext = decryptor.decrypt(*encrypted);
        if (plaintext) {
            if (const std::optional<QString> title = titleOf(*plaintext)) {
                m_content.title = title->toNSString();
                m_content.body = @"";
            }
            // The item the notification is about, for the app delegate's tap and actions.
            const QJsonObject item = QJsonDocument::fromJson(*plaintext).object();
            const QString itemId = item.value(QLatin1String("id")).toString();
            if (tessera::MobilePushPayload::isItemId(itemId)) {
                NSMutableDictionary *userInfo = [m_content.userInfo mutableCopy];
                userInfo[@"itemId"] = itemId.toNSString();
                m_content.userInfo = userInfo;
                // Approve / Reject only on an item that offers decisions.
                if (!item.value(QLatin1String("actions")).toArray().isEmpty())
                    m_content.categoryIdentifier = @"decision";
            }
        }
    }
    contentHandler(m_content);
}

// Out of time (about 30 s): the content as it is ("New item").
- (void)serviceExtensionTimeWillExpire
{
    m_contentHandler(m_content);
}

@end
