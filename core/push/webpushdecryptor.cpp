#include "push/webpushdecryptor.h"

#include "base/securewipe.h"
#include "p256/p256.h"

namespace tessera {

namespace {

QByteArray withNul(const char *text)
{
    QByteArray data(text);
    data.append('\0');
    return data;
}

std::optional<QByteArray> fail(QString *reason, const QString &why)
{
    if (reason != nullptr)
        *reason = why;
    return std::nullopt;
}

} // namespace

WebPushDecryptor::WebPushDecryptor(QByteArray privateKey, QByteArray publicKey, QByteArray auth)
    : m_private(std::move(privateKey))
    , m_public(std::move(publicKey))
    , m_auth(std::move(auth))
{ }

WebPushDecryptor::~WebPushDecryptor()
{
    secureWipe(m_private);
    secureWipe(m_auth);
}

std::pair<QByteArray, QByteArray> WebPushDecryptor::generateKeyPair()
{
    const p256::Key key = p256::generate();
    const QByteArray point = p256::pointOf(key.get());
    const QByteArray priv = p256::scalarOf(key.get());
    if (point.isEmpty() || priv.isEmpty())
        return {};
    return { priv, point };
}

bool WebPushDecryptor::isKeyPair(const QByteArray &privateKey, const QByteArray &publicKey)
{
    return p256::isKeyPair(publicKey, privateKey);
}

std::optional<QByteArray> WebPushDecryptor::decrypt(const QByteArray &body, QString *reason) const
{
    if (body.size() > maxBodyBytes)
        return fail(reason, QStringLiteral("the push is larger than %1 bytes").arg(maxBodyBytes));
    if (body.size() < headerBytes)
        return fail(reason, QStringLiteral("the push is shorter than its header"));
    const QByteArray salt = body.left(saltBytes);
    const quint32 rs = (quint32(quint8(body.at(16))) << 24) | (quint32(quint8(body.at(17))) << 16)
        | (quint32(quint8(body.at(18))) << 8) | quint32(quint8(body.at(19)));
    const auto idlen = qsizetype(quint8(body.at(20)));
    if (idlen != pointBytes)
        return fail(reason, QStringLiteral("the key id is not a 65-byte P-256 point"));
    // RFC 8188 section 2: a record size below 18 is invalid (16 bytes of tag, 1 of delimiter).
    if (rs < 18)
        return fail(reason, QStringLiteral("the record size is too small"));
    const QByteArray senderKey = body.mid(21, pointBytes);
    const QByteArray record = body.mid(headerBytes);
    if (record.size() < tagBytes + 1)
        return fail(reason, QStringLiteral("the record is shorter than its tag"));
    if (quint64(record.size()) > quint64(rs))
        return fail(reason, QStringLiteral("the push has more than one record"));
    if (m_private.size() != privateBytes || m_auth.size() != authBytes)
        return fail(reason, QStringLiteral("no push keys"));
    const p256::Key peer = p256::publicKey(senderKey);
    if (!peer)
        return fail(reason, QStringLiteral("the sender's key is not a point on P-256"));
    const p256::Key own = p256::keyPair(m_public, m_private);
    if (!own)
        return fail(reason, QStringLiteral("our push keys are not a P-256 key pair"));
    std::optional<QByteArray> shared = p256::ecdh(own.get(), peer.get());
    if (!shared)
        return fail(reason, QStringLiteral("no shared secret"));
    // RFC 8291 section 3.4, then RFC 8188 sections 2.2 and 2.3.
    const QByteArray keyInfo = withNul("WebPush: info").append(m_public).append(senderKey);
    std::optional<QByteArray> ikm = p256::hkdfSha256(m_auth, *shared, keyInfo, 32);
    secureWipe(*shared);
    if (!ikm)
        return fail(reason, QStringLiteral("key derivation failed"));
    std::optional<QByteArray> cek =
        p256::hkdfSha256(salt, *ikm, withNul("Content-Encoding: aes128gcm"), 16);
    const std::optional<QByteArray> nonce =
        p256::hkdfSha256(salt, *ikm, withNul("Content-Encoding: nonce"), 12);
    secureWipe(*ikm);
    if (!cek || !nonce)
        return fail(reason, QStringLiteral("key derivation failed"));
    std::optional<QByteArray> padded = p256::aes128GcmOpen(*cek, *nonce, record);
    secureWipe(*cek);
    if (!padded)
        return fail(reason, QStringLiteral("the tag does not match"));
    // The last (and only) record: data | 0x02 | zeros.
    qsizetype end = padded->size();
    while (end > 0 && padded->at(end - 1) == '\0')
        --end;
    if (end == 0 || padded->at(end - 1) != '\x02') {
        secureWipe(*padded);
        return fail(reason, QStringLiteral("the record has no last-record delimiter"));
    }
    padded->truncate(end - 1);
    return padded;
}

} // namespace tessera
