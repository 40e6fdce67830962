#include "net/tlspolicy.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSslKey>

namespace tessera {

std::optional<TlsPolicy> TlsPolicy::withPin(const QString &text, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<TlsPolicy> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString prefix = QStringLiteral("sha256/");
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(prefix))
        return fail(QStringLiteral("A key pin looks like sha256/BASE64 (the SHA-256 of the "
                                   "server's public key, base64)."));
    const auto decoded = QByteArray::fromBase64Encoding(
        trimmed.mid(prefix.size()).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != 32)
        return fail(QStringLiteral("The key pin is not 32 bytes of base64 after sha256/."));
    TlsPolicy policy;
    policy.setPin(decoded.decoded);
    return policy;
}

std::optional<QList<QSslCertificate>> TlsPolicy::readCaFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("Cannot read the CA file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QList<QSslCertificate> certificates =
        QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty() || certificates.constFirst().isNull()) {
        if (error)
            *error = QStringLiteral("The CA file %1 holds no PEM certificate.").arg(path);
        return std::nullopt;
    }
    return certificates;
}

QByteArray TlsPolicy::publicKeyDigest(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    // QSslKey::toDer() of a public key is the SubjectPublicKeyInfo structure ("PUBLIC KEY").
    const QByteArray spki = certificate.publicKey().toDer();
    if (spki.isEmpty())
        return {};
    return QCryptographicHash::hash(spki, QCryptographicHash::Sha256);
}

QString TlsPolicy::pinText(const QByteArray &digest)
{
    return QStringLiteral("sha256/") + QString::fromLatin1(digest.toBase64());
}

bool TlsPolicy::accepts(const QSslCertificate &certificate) const
{
    if (!hasPin())
        return true;
    const QByteArray digest = publicKeyDigest(certificate);
    return !digest.isEmpty() && digest == m_pin;
}

void TlsPolicy::addCaCertificates(const QList<QSslCertificate> &certificates)
{
    m_extraCas += certificates;
}

QSslConfiguration TlsPolicy::sslConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!m_extraCas.isEmpty())
        configuration.addCaCertificates(m_extraCas);
    return configuration;
}

} // namespace tessera
