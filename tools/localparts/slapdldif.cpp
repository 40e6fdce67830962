#include "slapdldif.h"

#include "slapdprocess.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>

namespace tessera::test {

namespace {

// RFC 2307-style salted SHA-1, which slapd checks natively: "{SSHA}" base64(sha1(pw + salt) +
// salt).
QByteArray ssha(const QString &password)
{
    QByteArray salt(8, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), 2);
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(password.toUtf8());
    hash.addData(salt);
    const QByteArray digestAndSalt = hash.result() + salt;
    return "{SSHA}" + digestAndSalt.toBase64();
}

} // namespace

SlapdLdif::SlapdLdif(
    const SlapdProcess &slapd, QString dir, QString tlsCertificateFile, QString tlsKeyFile)
    : m_slapd(slapd)
    , m_dir(std::move(dir))
    , m_tlsCertificateFile(std::move(tlsCertificateFile))
    , m_tlsKeyFile(std::move(tlsKeyFile))
{ }

QByteArray SlapdLdif::line(const char *attribute, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    bool safe = !utf8.isEmpty() && utf8.front() != ' ' && utf8.front() != ':' && utf8.front() != '<'
        && utf8.back() != ' ';
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e)
            safe = false;
    }
    if (safe)
        return QByteArray(attribute) + ": " + utf8 + '\n';
    return QByteArray(attribute) + ":: " + utf8.toBase64() + '\n';
}

QByteArray SlapdLdif::line(const char *attribute, const QByteArray &value)
{
    return line(attribute, QString::fromUtf8(value));
}

QByteArray SlapdLdif::config(QString *problem) const
{
    const QString dir = m_dir;
    QByteArray ldif;
    ldif += "dn: cn=config\n"
            "objectClass: olcGlobal\n"
            "cn: config\n";
    ldif += line("olcPidFile", dir + QStringLiteral("/slapd.pid"));
    ldif += line("olcArgsFile", dir + QStringLiteral("/slapd.args"));
    if (!m_tlsCertificateFile.isEmpty()) {
        // GnuTLS reads the files when slapd starts; a bad one makes slapd exit with a message.
        ldif += line("olcTLSCertificateFile", m_tlsCertificateFile);
        ldif += line("olcTLSCertificateKeyFile", m_tlsKeyFile);
        ldif += "olcTLSProtocolMin: 3.3\n"; // TLS 1.2
    }
    ldif += "\n"
            "dn: cn=module{0},cn=config\n"
            "objectClass: olcModuleList\n"
            "cn: module{0}\n"
            "olcModulePath: /usr/lib/ldap\n"
            "olcModuleLoad: back_mdb\n"
            "\n"
            "dn: cn=schema,cn=config\n"
            "objectClass: olcSchemaConfig\n"
            "cn: schema\n"
            "\n";

    const QStringList schemas = {
        QStringLiteral("/etc/ldap/schema/core.ldif"),
        QStringLiteral("/etc/ldap/schema/cosine.ldif"),
        QStringLiteral("/etc/ldap/schema/inetorgperson.ldif"),
        QStringLiteral(TESSERA_LOCALPARTS_DATA_DIR "/ad-schema.ldif"),
    };
    for (const QString &path : schemas) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *problem = QStringLiteral("cannot read schema %1: %2").arg(path, file.errorString());
            return {};
        }
        ldif += file.readAll().trimmed() + "\n\n";
    }

    ldif += "dn: olcDatabase={-1}frontend,cn=config\n"
            "objectClass: olcDatabaseConfig\n"
            "objectClass: olcFrontendConfig\n"
            "olcDatabase: {-1}frontend\n"
            "\n"
            "dn: olcDatabase={0}config,cn=config\n"
            "objectClass: olcDatabaseConfig\n"
            "olcDatabase: {0}config\n"
            "olcAccess: {0}to * by * none\n"
            "\n"
            "dn: olcDatabase={1}mdb,cn=config\n"
            "objectClass: olcDatabaseConfig\n"
            "objectClass: olcMdbConfig\n"
            "olcDatabase: {1}mdb\n";
    ldif += line("olcDbDirectory", dir + QStringLiteral("/data"));
    ldif += line("olcSuffix", m_slapd.baseDn());
    ldif += line("olcRootDN", m_slapd.adminBindDn());
    ldif += line("olcRootPW", ssha(m_slapd.adminPassword()));
    ldif += "olcDbMaxSize: 67108864\n"
            "olcDbIndex: objectClass eq\n"
            "olcDbIndex: sAMAccountName eq\n"
            "olcDbIndex: userPrincipalName eq\n"
            "olcDbIndex: employeeID eq\n"
            "olcDbIndex: mail eq\n"
            "olcDbIndex: manager eq\n"
            "olcDbIndex: member eq\n";
    // Passwords: anonymous may bind (auth), a person may change their own, nobody reads them.
    ldif += "olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none\n";
    // Everything else: the service account reads (and so searches) it, people read their own
    // entry, anonymous gets nothing.
    ldif += line("olcAccess",
        QStringLiteral("{1}to * by dn.exact=\"%1\" read by self read by * none")
            .arg(m_slapd.serviceBindDn()));
    ldif += "\n";
    return ldif;
}

QByteArray SlapdLdif::directory() const
{
    QByteArray ldif;
    ldif += line("dn", m_slapd.baseDn());
    ldif += "objectClass: dcObject\n"
            "objectClass: organization\n"
            "dc: tessera\n"
            "o: Tessera test directory\n"
            "\n";
    for (const char *unit : { "people", "groups", "services" }) {
        ldif += line("dn", QStringLiteral("ou=%1,%2").arg(QLatin1String(unit), m_slapd.baseDn()));
        ldif += "objectClass: organizationalUnit\n";
        ldif += line("ou", QLatin1String(unit));
        ldif += '\n';
    }

    ldif += line("dn", m_slapd.serviceBindDn());
    ldif += "objectClass: applicationProcess\n"
            "objectClass: simpleSecurityObject\n"
            "cn: tessera-service\n"
            "description: Tessera server's search account\n";
    ldif += line("userPassword", ssha(m_slapd.servicePassword()));
    ldif += '\n';

    for (const DirectoryPerson &person : m_slapd.people()) {
        ldif += line("dn", person.dn);
        ldif += "objectClass: inetOrgPerson\n"
                "objectClass: tesseraAdUser\n";
        ldif += line("cn", person.displayName);
        ldif += line("sn", person.surname);
        ldif += line("givenName", person.givenName);
        ldif += line("displayName", person.displayName);
        ldif += line("sAMAccountName", person.username);
        ldif += line("userPrincipalName", person.userPrincipalName);
        ldif += line("mail", person.mail);
        ldif += line("employeeID", person.employeeId);
        ldif += line("department", person.department);
        ldif += line("l", person.geo);
        if (!person.managerDn.isEmpty())
            ldif += line("manager", person.managerDn);
        ldif += line(
            "userAccountControl", person.disabled ? QStringLiteral("514") : QStringLiteral("512"));
        ldif += line("userPassword", ssha(person.password));
        ldif += '\n';
    }

    for (const DirectoryGroup &group : m_slapd.groups()) {
        ldif += line("dn", group.dn);
        ldif += "objectClass: groupOfNames\n";
        ldif += line("cn", group.name);
        for (const QString &member : group.memberDns)
            ldif += line("member", member);
        ldif += '\n';
    }
    return ldif;
}

} // namespace tessera::test
