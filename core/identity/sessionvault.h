#pragma once

#include "storage/secretstore.h"

#include <QStringList>

#include <memory>

namespace tessera {

// The session's secrets in one secure-store entry (SessionRecord), behind the SecretStore
// interface that TokenKeeper and DatabaseKeyProvider already use: the refresh token, the access
// token and the database key are fields of the record; every other name (the device key, push
// keys) goes to the store unchanged. The record is read once per process, on the first call
// that needs it, and kept in memory; each write or removal of a field writes the whole record
// (removing the last field deletes the entry). Calls on the record run one at a time, in order.
//
// Migration from the three entries of before: no record but an old refresh token -> the three
// old entries are read (any failure: an error, nothing written or deleted), the record is
// written with a mark saying old entries may remain, read back and compared, then the old
// entries are deleted and the record written again without the mark. A failure or a crash at
// any step leaves the old entries or the record (or both: the record wins, and the old entries
// are deleted again on the next start). The values never change on the way, so neither does
// the database key. Removing the record while the mark is set deletes the old entries first, so
// that a signed-out session never comes back from them.
//
// A record that cannot be read (damaged, unknown version) is an error (Refused), not an empty
// store: nothing is written over it. Only removing a field (an explicit sign-out) deletes it.
class SessionVault : public SecretStore
{
public:
    static QString recordSecret() { return QStringLiteral("session"); }
    // The names kept in the record; they were separate entries before it.
    static QStringList recordedNames();

    // store must outlive the vault and every future it returned.
    explicit SessionVault(SecretStore &store);
    ~SessionVault() override;
    SessionVault(const SessionVault &) = delete;
    SessionVault &operator=(const SessionVault &) = delete;

    QFuture<SecretResult> read(const QString &key) override;
    QFuture<SecretResult> write(const QString &key, const QByteArray &value) override;
    QFuture<SecretResult> remove(const QString &key) override;

    // The next call on the record reads the store again (after the calls already made): a
    // restore asks the keyring what it holds now, not what this process saw before.
    void reload();
    // Nothing running or waiting (the move's write, read-back and deletes included).
    bool isIdle() const;

    struct State;

private:
    std::shared_ptr<State> m_state;
};

} // namespace tessera
