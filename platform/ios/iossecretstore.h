#pragma once

#include "storage/secretstore.h"

#include <QString>
#include <QThreadPool>

namespace tessera {

// SecretStore over the iOS Keychain (Security.framework): generic passwords under the
// installation's service (the app's "Tessera", as app/gui/main.cpp names it) and the key as
// the account, kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly (readable by a push that comes
// while the phone is locked, never in a backup or on another device), in the Keychain access
// group shared with the Notification Service Extension (Info.plist's TesseraKeychainGroup,
// "$(AppIdentifierPrefix)org.tessera.app.shared", listed in both targets' entitlements), in the
// data protection keychain.
//
// The contract of SecretStore exactly: errSecItemNotFound is NotFound (for a removal: Ok); the
// device not unlocked since its start (errSecInteractionNotAllowed) and every other failure are
// Unavailable or Denied, never "empty", so nothing is wiped or made again on a read failure.
// The Security calls block, so they run one at a time, in order, on a thread of their own; each
// future finishes there.
//
// Migration (DESIGN.md, second round, decision 14: never lose a sign-in): an entry QtKeychain
// wrote before this store existed has other attributes (kSecAttrAccessibleWhenUnlocked, and
// either the shared group or the app's own). A read that finds no entry with this store's
// attributes looks for such an entry; found, it is written with the new attributes (in place
// when it is in the shared group already, else added there), read back and compared, and only
// then is the old entry deleted. Any failure on the way answers Unavailable and leaves the old
// entry as it was. A removal deletes the entry under every attribute set (a sign-out leaves
// nothing for a later migration to bring back).
class IosSecretStore : public SecretStore
{
public:
    explicit IosSecretStore(QString service);
    ~IosSecretStore() override;

    QFuture<SecretResult> read(const QString &key) override;
    QFuture<SecretResult> write(const QString &key, const QByteArray &value) override;
    QFuture<SecretResult> remove(const QString &key) override;

    // The service of the app's own entries (the standard installation), which the extension
    // reads the push keys under (notificationservice/NotificationService.mm).
    static QString applicationService() { return QStringLiteral("Tessera"); }

private:
    QString m_service;
    QThreadPool m_pool;
};

} // namespace tessera
