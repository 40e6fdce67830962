#pragma once

#include "serverprocess.h"
#include "testca.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::test {

// --password-hash-cost minimum: the server hashes local passwords at the cheapest cost (tests
// that sign many people in; one test checks the real cost).
QStringList cheapPasswordHashing();

// Options for a tessera-server serving HTTPS with certificate (tlsServerConfig), in dataDir
// (empty: a temporary folder), with extraArguments.
ServerProcess::Options tlsServerOptions(const IssuedCertificate &certificate,
    const QString &dataDir = {}, const QStringList &extraArguments = {});

// What a TLS test against the real server sets up first: a throwaway CA and a server certificate
// ("server", for 127.0.0.1, localhost and ::1) it issued, and the server options that use it.
class TlsServerFixture
{
public:
    // Makes the CA and the certificate; false with error() when openssl failed.
    bool create();
    QString error() const { return m_ca.error(); }

    TestCertificateAuthority &ca() { return m_ca; }
    QString caFile() const { return m_ca.caFile(); } // the trust anchor for the clients
    const IssuedCertificate &certificate() const { return *m_certificate; } // after create()

    // tlsServerOptions with the fixture's certificate.
    ServerProcess::Options serverOptions(
        const QString &dataDir = {}, const QStringList &extraArguments = {}) const;

private:
    TestCertificateAuthority m_ca;
    std::optional<IssuedCertificate> m_certificate;
};

} // namespace tessera::test
