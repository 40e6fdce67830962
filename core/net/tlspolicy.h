#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace tessera {

// How the client checks the server's TLS identity. The certificate is always verified against
// the system's trust anchors (Qt's default; nothing here ever ignores an SSL error), plus any
// extra CA certificates configured (a company or test CA). Optionally, a public-key pin: the
// SHA-256 of the server certificate's SubjectPublicKeyInfo (DER), written as in HPKP,
// "sha256/BASE64". With a pin, a server presenting any other key is refused even when its
// certificate chain is valid.
class TlsPolicy
{
public:
    TlsPolicy() = default;

    // Reads "sha256/BASE64" (44 base64 characters for 32 bytes); nullopt with *error otherwise.
    static std::optional<TlsPolicy> withPin(const QString &text, QString *error);
    // Reads PEM certificates from a file (one or more); nullopt with *error when there is none.
    static std::optional<QList<QSslCertificate>> readCaFile(const QString &path, QString *error);

    // The pin of a certificate: SHA-256 over its SubjectPublicKeyInfo, DER (32 bytes).
    static QByteArray publicKeyDigest(const QSslCertificate &certificate);
    // The text form of a digest: "sha256/BASE64".
    static QString pinText(const QByteArray &digest);

    void setPin(QByteArray sha256) { m_pin = std::move(sha256); }
    bool hasPin() const { return !m_pin.isEmpty(); }
    QByteArray pin() const { return m_pin; }
    // Whether a server presenting certificate passes the pin (always true without a pin).
    bool accepts(const QSslCertificate &certificate) const;

    void addCaCertificates(const QList<QSslCertificate> &certificates);
    QList<QSslCertificate> extraCaCertificates() const { return m_extraCas; }

    // Qt's default TLS configuration plus the extra CA certificates.
    QSslConfiguration sslConfiguration() const;

private:
    QByteArray m_pin;
    QList<QSslCertificate> m_extraCas;
};

} // namespace tessera
