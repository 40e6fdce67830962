#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera::pass {

// An issuer public key and when it may sign: passes issued (issuedAt) within
// [notBefore, notAfter) are accepted; notAfter absent means "until further notice". Rotation
// publishes the next key ahead of use and gives the old one a notAfter; passes it signed stay
// valid until they expire (at most 24 h).
struct IssuerKey
{
    QString keyId;
    QByteArray publicKey; // Ed25519, 32 bytes
    qint64 notBefore = 0; // Unix seconds
    std::optional<qint64> notAfter;

    bool activeAt(qint64 time) const;
    friend bool operator==(const IssuerKey &, const IssuerKey &) = default;
};

// The issuer keys a scanner trusts, by key id: GET /v1/trust answers
// {"keys":[{"keyId","publicKey" (base64),"notBefore" (RFC 3339),"notAfter" (optional)}]}.
class TrustList
{
public:
    // false (and nothing added) for a key of a wrong size or a key id already present.
    bool add(const IssuerKey &key);
    const IssuerKey *find(const QString &keyId) const;
    qsizetype size() const { return m_keys.size(); }

    QJsonObject toJson() const;
    // Strict: unknown fields, wrong types, bad base64, wrong key sizes, duplicate ids and
    // notAfter <= notBefore are errors.
    static std::optional<TrustList> fromJson(const QJsonObject &object, QString *error = nullptr);

private:
    QHash<QString, IssuerKey> m_keys;
};

} // namespace tessera::pass
