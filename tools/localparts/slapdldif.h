#pragma once

#include <QByteArray>
#include <QString>

namespace tessera::test {

class SlapdProcess;

// The LDIF that SlapdProcess loads with slapadd: its cn=config (the mdb backend, the schemas, TLS
// when it has a certificate, the access rules) and its directory (the units, the service
// account, the people and the groups), and the LDIF lines and password hashes they are made of.
class SlapdLdif
{
public:
    // slapd's folder is dir; its TLS files, when it has them, are tlsCertificateFile and
    // tlsKeyFile.
    SlapdLdif(
        const SlapdProcess &slapd, QString dir, QString tlsCertificateFile, QString tlsKeyFile);

    // Empty, with *problem, when a schema file cannot be read.
    QByteArray config(QString *problem) const;
    QByteArray directory() const;

    // One "attr: value" line, base64 ("attr:: ...") when the value is not a safe LDIF string.
    static QByteArray line(const char *attribute, const QString &value);
    static QByteArray line(const char *attribute, const QByteArray &value);

private:
    const SlapdProcess &m_slapd;
    QString m_dir;
    QString m_tlsCertificateFile;
    QString m_tlsKeyFile;
};

} // namespace tessera::test
