// Built only in Xcode (platform/ios.cmake); not on this machine. See iossecretstore.h.
#include "iossecretstore.h"

#include "platformlogging.h"

#include <QPromise>

#include <memory>

#import <Foundation/Foundation.h>
#import <Security/Security.h>

namespace tessera {

namespace {

// The group shared with the extension, as Xcode filled it into Info.plist ("<team id>.
// org.tessera.app.shared"); nil when missing (a build without it: every call is Unavailable).
NSString *sharedGroup()
{
    NSString *group = [NSBundle.mainBundle objectForInfoDictionaryKey:@"TesseraKeychainGroup"];
    return group.length > 0 ? group : nil;
}

// What identifies the entry under any attributes: class, service, account.
NSMutableDictionary *baseQuery(const QString &service, const QString &key)
{
    return [@{
        (__bridge id)kSecClass : (__bridge id)kSecClassGenericPassword,
        (__bridge id)kSecAttrService : service.toNSString(),
        (__bridge id)kSecAttrAccount : key.toNSString(),
        (__bridge id)kSecUseDataProtectionKeychain : @YES,
    } mutableCopy];
}

// The entry as this store keeps it: in the shared group (the primary key), ThisDeviceOnly.
NSMutableDictionary *currentQuery(const QString &service, const QString &key, NSString *group)
{
    NSMutableDictionary *query = baseQuery(service, key);
    query[(__bridge id)kSecAttrAccessGroup] = group;
    return query;
}

// The entry with the attributes this store gives it: currentQuery, AfterFirstUnlockThisDeviceOnly.
NSMutableDictionary *keptQuery(const QString &service, const QString &key, NSString *group)
{
    NSMutableDictionary *query = currentQuery(service, key, group);
    query[(__bridge id)kSecAttrAccessible] =
        (__bridge id)kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly;
    return query;
}

SecretResult failure(OSStatus status, const char *what)
{
    SecretResult result;
    switch (status) {
    case errSecAuthFailed:
    case errSecUserCanceled:
        result.outcome = SecretOutcome::Denied;
        break;
    default:
        // errSecInteractionNotAllowed: not unlocked since the phone started;
        // errSecMissingEntitlement: a build without the group; anything else: try again later,
        // never "empty".
        result.outcome = SecretOutcome::Unavailable;
        break;
    }
    NSString *text = CFBridgingRelease(SecCopyErrorMessageString(status, nullptr));
    result.message = QStringLiteral("%1: %2 (%3)")
                         .arg(QLatin1String(what), QString::fromNSString(text ?: @""))
                         .arg(status);
    qCWarning(lcPlatform).noquote() << "keychain" << outcomeName(result.outcome) << result.message;
    return result;
}

SecretResult ok(QByteArray value = {})
{
    SecretResult result;
    result.outcome = SecretOutcome::Ok;
    result.value = std::move(value);
    return result;
}

SecretResult notFound()
{
    SecretResult result;
    result.outcome = SecretOutcome::NotFound;
    return result;
}

// The data of the one entry query names; errSecItemNotFound when there is none.
OSStatus copyData(NSMutableDictionary *query, QByteArray *value)
{
    query[(__bridge id)kSecReturnData] = @YES;
    query[(__bridge id)kSecMatchLimit] = (__bridge id)kSecMatchLimitOne;
    CFTypeRef data = nullptr;
    const OSStatus status = SecItemCopyMatching((__bridge CFDictionaryRef)query, &data);
    if (status == errSecSuccess)
        *value = QByteArray::fromNSData((__bridge_transfer NSData *)data);
    return status;
}

// An entry written before this store (QtKeychain's): service and account, other attributes.
SecretResult migrate(const QString &service, const QString &key, NSString *group)
{
    NSMutableDictionary *find = baseQuery(service, key);
    find[(__bridge id)kSecReturnAttributes] = @YES;
    find[(__bridge id)kSecMatchLimit] = (__bridge id)kSecMatchLimitAll;
    CFTypeRef found = nullptr;
    OSStatus status = SecItemCopyMatching((__bridge CFDictionaryRef)find, &found);
    if (status == errSecItemNotFound)
        return notFound();
    if (status != errSecSuccess)
        return failure(status, "looking for an earlier entry");
    NSArray *entries = (__bridge_transfer NSArray *)found;
    // One in the shared group first: a new entry there would be a duplicate of it.
    NSDictionary *old = entries.firstObject;
    for (NSDictionary *entry in entries) {
        if ([entry[(__bridge id)kSecAttrAccessGroup] isEqualToString:group])
            old = entry;
    }
    NSString *oldGroup = old[(__bridge id)kSecAttrAccessGroup];
    if (oldGroup.length == 0)
        return failure(errSecInternalError, "an earlier entry without a group");

    QByteArray value;
    status = copyData(currentQuery(service, key, oldGroup), &value);
    if (status == errSecItemNotFound)
        return notFound(); // removed meanwhile
    if (status != errSecSuccess)
        return failure(status, "reading the earlier entry");

    const bool inPlace = [oldGroup isEqualToString:group];
    if (inPlace) {
        // Same primary key: only its accessibility changes.
        NSDictionary *change = @{
            (__bridge id)kSecAttrAccessible :
                (__bridge id)kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        };
        status = SecItemUpdate((__bridge CFDictionaryRef)currentQuery(service, key, group),
            (__bridge CFDictionaryRef)change);
    } else {
        NSMutableDictionary *add = keptQuery(service, key, group);
        add[(__bridge id)kSecValueData] = value.toNSData();
        status = SecItemAdd((__bridge CFDictionaryRef)add, nullptr);
    }
    if (status != errSecSuccess)
        return failure(status, "writing the entry with its new attributes");

    // Read back before anything old goes: the same bytes, with the new attributes.
    QByteArray again;
    status = copyData(keptQuery(service, key, group), &again);
    if (status != errSecSuccess || again != value) {
        return failure(status == errSecSuccess ? errSecInternalError : status,
            "reading the migrated entry back");
    }
    if (!inPlace) {
        status = SecItemDelete((__bridge CFDictionaryRef)currentQuery(service, key, oldGroup));
        if (status != errSecSuccess && status != errSecItemNotFound) {
            // The new entry is read first from now on; a sign-out removes both.
            qCWarning(lcPlatform) << "keychain: the earlier entry stays:" << status;
        }
    }
    qCInfo(lcPlatform) << "keychain: an earlier entry moved to ThisDeviceOnly in the shared group";
    return ok(std::move(again));
}

SecretResult readNow(const QString &service, const QString &key)
{
    NSString *group = sharedGroup();
    if (group == nil)
        return failure(errSecMissingEntitlement, "no TesseraKeychainGroup in Info.plist");
    QByteArray value;
    const OSStatus status = copyData(keptQuery(service, key, group), &value);
    if (status == errSecSuccess)
        return ok(std::move(value));
    if (status == errSecItemNotFound)
        return migrate(service, key, group);
    return failure(status, "reading");
}

SecretResult writeNow(const QString &service, const QString &key, const QByteArray &value)
{
    NSString *group = sharedGroup();
    if (group == nil)
        return failure(errSecMissingEntitlement, "no TesseraKeychainGroup in Info.plist");
    NSDictionary *change = @{
        (__bridge id)kSecValueData : value.toNSData(),
        (__bridge id)kSecAttrAccessible :
            (__bridge id)kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
    };
    OSStatus status = SecItemUpdate((__bridge CFDictionaryRef)currentQuery(service, key, group),
        (__bridge CFDictionaryRef)change);
    if (status == errSecItemNotFound) {
        NSMutableDictionary *add = currentQuery(service, key, group);
        [add addEntriesFromDictionary:change];
        status = SecItemAdd((__bridge CFDictionaryRef)add, nullptr);
    }
    return status == errSecSuccess ? ok() : failure(status, "writing");
}

SecretResult removeNow(const QString &service, const QString &key)
{
    // Every group and every accessibility: the entry and any earlier one.
    const OSStatus status = SecItemDelete((__bridge CFDictionaryRef)baseQuery(service, key));
    return status == errSecSuccess || status == errSecItemNotFound ? ok()
                                                                   : failure(status, "removing");
}

} // namespace

IosSecretStore::IosSecretStore(QString service)
    : m_service(std::move(service))
{
    // One at a time, in the order asked (a write, then a read of it).
    m_pool.setMaxThreadCount(1);
}

IosSecretStore::~IosSecretStore()
{
    m_pool.waitForDone();
}

QFuture<SecretResult> IosSecretStore::read(const QString &key)
{
    if (auto invalid = validate(key, nullptr))
        return ready(*invalid);
    auto promise = std::make_shared<QPromise<SecretResult>>();
    promise->start();
    QFuture<SecretResult> future = promise->future();
    m_pool.start([promise, service = m_service, key] {
        @autoreleasepool {
            promise->addResult(readNow(service, key));
        }
        promise->finish();
    });
    return future;
}

QFuture<SecretResult> IosSecretStore::write(const QString &key, const QByteArray &value)
{
    if (auto invalid = validate(key, &value))
        return ready(*invalid);
    auto promise = std::make_shared<QPromise<SecretResult>>();
    promise->start();
    QFuture<SecretResult> future = promise->future();
    m_pool.start([promise, service = m_service, key, value] {
        @autoreleasepool {
            promise->addResult(writeNow(service, key, value));
        }
        promise->finish();
    });
    return future;
}

QFuture<SecretResult> IosSecretStore::remove(const QString &key)
{
    if (auto invalid = validate(key, nullptr))
        return ready(*invalid);
    auto promise = std::make_shared<QPromise<SecretResult>>();
    promise->start();
    QFuture<SecretResult> future = promise->future();
    m_pool.start([promise, service = m_service, key] {
        @autoreleasepool {
            promise->addResult(removeNow(service, key));
        }
        promise->finish();
    });
    return future;
}

} // namespace tessera
