#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace tessera {

// The session's secrets as one secure-store entry (docs: DESIGN.md, second round, 14): both
// tokens and the database key, so that a start reads the keyring once. A compact binary record:
//
//   byte 0       version (1)
//   byte 1       flags (bit 0: the three entries of before the record may still exist)
//   then three fields, each a one-byte length and its bytes: access token, refresh token,
//   database key. No trailing bytes.
//
// The token times stay in the encrypted local database (TokenKeeper::saveTimes), as before.
// decode() validates everything: a record that is not exactly this is an error, never "empty".
// Neither the record nor its errors are ever logged with the secrets in them.
struct SessionRecord
{
    static constexpr quint8 version = 1;
    static constexpr qsizetype maxTokenBytes = 128; // the server's longest token
    static constexpr qsizetype maxKeyBytes = 64; // the key is 32; a wrong size is kept as found

    QByteArray accessToken;
    QByteArray refreshToken;
    QByteArray databaseKey;
    bool legacyEntriesMayRemain = false;

    SessionRecord() = default;
    SessionRecord(const SessionRecord &) = default;
    SessionRecord(SessionRecord &&) = default;
    SessionRecord &operator=(const SessionRecord &) = default;
    SessionRecord &operator=(SessionRecord &&) = default;
    ~SessionRecord(); // wipes the secrets

    bool hasSecrets() const
    {
        return !accessToken.isEmpty() || !refreshToken.isEmpty() || !databaseKey.isEmpty();
    }
    void wipe();

    // The bytes of the record; nullopt with *error set when a field is too long to store.
    std::optional<QByteArray> encode(QString *error) const;
    // The record in bytes; nullopt with *error set (without secrets) when they are not one.
    static std::optional<SessionRecord> decode(const QByteArray &bytes, QString *error);
};

} // namespace tessera
