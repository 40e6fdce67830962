#include "tlsserverfixture.h"

namespace tessera::test {

QStringList cheapPasswordHashing()
{
    return { QStringLiteral("--password-hash-cost"), QStringLiteral("minimum") };
}

ServerProcess::Options tlsServerOptions(
    const IssuedCertificate &certificate, const QString &dataDir, const QStringList &extraArguments)
{
    ServerProcess::Options options;
    options.dataDir = dataDir;
    options.config = tlsServerConfig(certificate);
    options.extraArguments = extraArguments;
    return options;
}

bool TlsServerFixture::create()
{
    if (!m_ca.create())
        return false;
    m_certificate = m_ca.issueServerCertificate(QStringLiteral("server"));
    return m_certificate.has_value();
}

ServerProcess::Options TlsServerFixture::serverOptions(
    const QString &dataDir, const QStringList &extraArguments) const
{
    return tlsServerOptions(*m_certificate, dataDir, extraArguments);
}

} // namespace tessera::test
