#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <optional>

namespace tessera::test {

// Files of a server certificate issued by TestCertificateAuthority (all PEM, in its folder).
struct IssuedCertificate
{
    QString certificateFile; // the server certificate alone
    QString chainFile; // the server certificate, then the CA's
    QString keyFile; // its private key, unencrypted: "EC PRIVATE KEY" (SEC 1) or "RSA PRIVATE KEY"
};

// A throwaway certificate authority for TLS tests, made with the openssl command-line tool in a
// temporary folder owned by the object (gone with it). Every certificate it issues has a fresh
// key, so issuing twice gives "another key" for pinning tests; a second authority is a CA that
// did not issue the first one's certificates. Keys are EC P-256 by default (or RSA 2048), in the
// traditional PEM forms that Qt's QSslKey, GnuTLS (slapd, libldap) and OpenSSL all read.
class TestCertificateAuthority
{
public:
    enum class KeyType { Ec, Rsa };

    // commonName: the CA's subject CN; a random suffix keeps two authorities apart.
    explicit TestCertificateAuthority(
        const QString &commonName = QStringLiteral("Tessera Test CA"));
    TestCertificateAuthority(const TestCertificateAuthority &) = delete;
    TestCertificateAuthority &operator=(const TestCertificateAuthority &) = delete;

    // Makes the CA's key and self-signed certificate (valid 30 days, from now). Answers false
    // with error() quoting openssl's output on failure.
    bool create();
    bool isValid() const { return !m_caFile.isEmpty(); }
    QString error() const { return m_error; }

    QString caFile() const { return m_caFile; } // the CA certificate (PEM): the trust anchor
    QString subject() const { return m_subject; } // the CA's CN

    // A server certificate (serverAuth, 30 days) with CN name and subject alternative names
    // hosts (IP addresses become IP entries, the rest DNS entries), signed by this CA, with a
    // new key. name names the files (letters, digits, '-', '_') and may be used once.
    std::optional<IssuedCertificate> issueServerCertificate(const QString &name,
        KeyType keyType = KeyType::Ec, const QStringList &hosts = defaultHosts());

    // 127.0.0.1, localhost, ::1
    static QStringList defaultHosts();

private:
    bool openssl(const QStringList &arguments, const QString &step);
    bool makeKey(const QString &path, KeyType keyType);

    QTemporaryDir m_dir;
    QString m_commonName;
    QString m_subject;
    QString m_caFile;
    QString m_caKeyFile;
    QString m_error;
    QStringList m_issued;
};

// A ServerProcess::Options::config that makes tessera-server serve HTTPS with certificate:
// {"tls":{"certificate","key"}}.
QJsonObject tlsServerConfig(const IssuedCertificate &certificate);

// Adds the CA certificate(s) in caFile (PEM) to the default SSL configuration, so that the test's
// own requests (a sub-system, a WebSocket, another device) trust a server it issued for. False
// when the file holds no certificate.
bool trustCaByDefault(const QString &caFile);

} // namespace tessera::test
