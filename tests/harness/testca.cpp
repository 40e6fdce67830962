#include "testca.h"

#include "childprocess.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QStandardPaths>

using namespace std::chrono_literals;

namespace tessera::test {

namespace {

constexpr auto kValidDays = "30";

QString randomHex(int bytes)
{
    QByteArray random(bytes, Qt::Uninitialized);
    for (char &byte : random)
        byte = static_cast<char>(QRandomGenerator::system()->bounded(256));
    return QString::fromLatin1(random.toHex());
}

bool writeFile(const QString &path, const QByteArray &contents, QString *problem)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(contents) < 0) {
        *problem = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// openssl's own configuration, so that the system's openssl.cnf adds no extensions of its own.
QByteArray requestConfig(const QStringList &hosts)
{
    QByteArray config = "[req]\n"
                        "distinguished_name = dn\n"
                        "prompt = no\n"
                        "[dn]\n"
                        "CN = unused\n"
                        "[ca]\n"
                        "basicConstraints = critical, CA:TRUE\n"
                        "keyUsage = critical, keyCertSign, cRLSign\n"
                        "subjectKeyIdentifier = hash\n"
                        "[server]\n"
                        "basicConstraints = critical, CA:FALSE\n"
                        "keyUsage = critical, digitalSignature, keyEncipherment\n"
                        "extendedKeyUsage = serverAuth\n"
                        "subjectKeyIdentifier = hash\n"
                        "authorityKeyIdentifier = keyid\n";
    if (!hosts.isEmpty()) {
        config += "subjectAltName = @alt\n"
                  "[alt]\n";
        int dns = 0;
        int ip = 0;
        for (const QString &host : hosts) {
            if (QHostAddress address; address.setAddress(host))
                config += "IP." + QByteArray::number(++ip) + " = " + host.toLatin1() + '\n';
            else
                config += "DNS." + QByteArray::number(++dns) + " = " + host.toLatin1() + '\n';
        }
    }
    return config;
}

} // namespace

TestCertificateAuthority::TestCertificateAuthority(const QString &commonName)
    : m_dir(QDir::tempPath() + QStringLiteral("/tessera-ca-XXXXXX"))
    , m_commonName(commonName)
{ }

QStringList TestCertificateAuthority::defaultHosts()
{
    return { QStringLiteral("127.0.0.1"), QStringLiteral("localhost"), QStringLiteral("::1") };
}

bool TestCertificateAuthority::openssl(const QStringList &arguments, const QString &step)
{
    QString program = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (program.isEmpty())
        program = QStringLiteral("openssl");
    const RunResult result = runProgram(program, arguments, 60s);
    if (result.exitCode == 0)
        return true;
    m_error = step + QStringLiteral(": ") + result.describe(program);
    return false;
}

bool TestCertificateAuthority::makeKey(const QString &path, KeyType keyType)
{
    if (keyType == KeyType::Rsa)
        return openssl({ QStringLiteral("genrsa"), QStringLiteral("-traditional"),
                           QStringLiteral("-out"), path, QStringLiteral("2048") },
            QStringLiteral("making an RSA key"));
    return openssl(
        { QStringLiteral("ecparam"), QStringLiteral("-name"), QStringLiteral("prime256v1"),
            QStringLiteral("-genkey"), QStringLiteral("-noout"), QStringLiteral("-out"), path },
        QStringLiteral("making an EC key"));
}

bool TestCertificateAuthority::create()
{
    if (isValid())
        return true;
    m_error.clear();
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot make a temporary folder: %1").arg(m_dir.errorString());
        return false;
    }
    const QString key = m_dir.filePath(QStringLiteral("ca.key"));
    const QString certificate = m_dir.filePath(QStringLiteral("ca.pem"));
    const QString config = m_dir.filePath(QStringLiteral("ca.cnf"));
    const QString subject = m_commonName + u' ' + randomHex(4);
    if (!writeFile(config, requestConfig({}), &m_error) || !makeKey(key, KeyType::Ec)
        || !openssl(
            { QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-x509"),
                QStringLiteral("-config"), config, QStringLiteral("-extensions"),
                QStringLiteral("ca"), QStringLiteral("-key"), key, QStringLiteral("-sha256"),
                QStringLiteral("-days"), QLatin1String(kValidDays), QStringLiteral("-set_serial"),
                QStringLiteral("0x") + randomHex(16), QStringLiteral("-subj"),
                QStringLiteral("/CN=") + subject, QStringLiteral("-out"), certificate },
            QStringLiteral("making the CA certificate")))
        return false;
    m_caKeyFile = key;
    m_caFile = certificate;
    m_subject = subject;
    return true;
}

std::optional<IssuedCertificate> TestCertificateAuthority::issueServerCertificate(
    const QString &name, KeyType keyType, const QStringList &hosts)
{
    static const QRegularExpression safeName(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    if (!isValid()) {
        m_error = QStringLiteral("the CA was not created (call create() first)");
        return std::nullopt;
    }
    if (!safeName.match(name).hasMatch() || m_issued.contains(name)) {
        m_error =
            QStringLiteral("certificate name %1 is not usable here or already taken").arg(name);
        return std::nullopt;
    }
    const QString request = m_dir.filePath(name + QStringLiteral(".csr"));
    const QString config = m_dir.filePath(name + QStringLiteral(".cnf"));
    IssuedCertificate issued;
    issued.keyFile = m_dir.filePath(name + QStringLiteral(".key"));
    issued.certificateFile = m_dir.filePath(name + QStringLiteral(".pem"));
    issued.chainFile = m_dir.filePath(name + QStringLiteral("-chain.pem"));

    if (!writeFile(config, requestConfig(hosts), &m_error) || !makeKey(issued.keyFile, keyType)
        || !openssl({ QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-config"),
                        config, QStringLiteral("-key"), issued.keyFile, QStringLiteral("-subj"),
                        QStringLiteral("/CN=") + name, QStringLiteral("-out"), request },
            QStringLiteral("making the certificate request"))
        || !openssl(
            { QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), request,
                QStringLiteral("-CA"), m_caFile, QStringLiteral("-CAkey"), m_caKeyFile,
                QStringLiteral("-set_serial"), QStringLiteral("0x") + randomHex(16),
                QStringLiteral("-sha256"), QStringLiteral("-days"), QLatin1String(kValidDays),
                QStringLiteral("-extfile"), config, QStringLiteral("-extensions"),
                QStringLiteral("server"), QStringLiteral("-out"), issued.certificateFile },
            QStringLiteral("signing the server certificate")))
        return std::nullopt;
    const QByteArray leaf = readFile(issued.certificateFile);
    const QByteArray ca = readFile(m_caFile);
    if (leaf.isEmpty() || ca.isEmpty() || !writeFile(issued.chainFile, leaf + ca, &m_error)) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("cannot read back %1").arg(issued.certificateFile);
        return std::nullopt;
    }
    // The key is for the user running the tests only (slapd runs as that user, root here).
    QFile::setPermissions(issued.keyFile, QFile::ReadOwner | QFile::WriteOwner);
    m_issued.append(name);
    return issued;
}

QJsonObject tlsServerConfig(const IssuedCertificate &certificate)
{
    return QJsonObject { { QStringLiteral("tls"),
        QJsonObject { { QStringLiteral("certificate"), certificate.certificateFile },
            { QStringLiteral("key"), certificate.keyFile } } } };
}

bool trustCaByDefault(const QString &caFile)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (!tls.addCaCertificates(caFile))
        return false;
    QSslConfiguration::setDefaultConfiguration(tls);
    return true;
}

} // namespace tessera::test
