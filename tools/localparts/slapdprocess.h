#pragma once

#include "childprocess.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace tessera::test {

// A person in SlapdProcess's test directory, with the password that signs them in.
struct DirectoryPerson
{
    QString username; // sAMAccountName
    QString password;
    QString employeeId; // employeeID: what sub-systems address
    QString givenName;
    QString surname;
    QString displayName;
    QString mail;
    QString userPrincipalName;
    QString department;
    QString geo; // l
    QString dn;
    QString managerDn; // empty when the person has no manager
    bool disabled = false; // userAccountControl bit 2 (514 instead of 512)
};

// A groupOfNames under ou=groups.
struct DirectoryGroup
{
    QString name; // cn
    QString dn;
    QStringList memberDns;
};

// A real OpenLDAP slapd on 127.0.0.1, on a free port, with its private cn=config (mdb backend)
// and data in a temporary folder owned by the object. It serves dc=tessera,dc=test with AD's
// user attributes (data/ad-schema.ldif) and a few employees (people()). ACLs: a person may bind
// as themselves and read their own entry; the service account may read (search) the whole tree
// but no password; anonymous may only bind. stop() (SIGINT) keeps the data and the port, so
// start() again serves the same directory at the same url(). The destructor stops slapd.
// With setTls() (a certificate from TestCertificateAuthority) it also speaks StartTLS and LDAPS.
class SlapdProcess
{
public:
    SlapdProcess();
    ~SlapdProcess();
    SlapdProcess(const SlapdProcess &) = delete;
    SlapdProcess &operator=(const SlapdProcess &) = delete;

    // The first call builds the directory and starts slapd on a free port (another one when the
    // port was taken meanwhile); later calls restart it on the same port with the same data.
    // Answers false, with error() quoting slapd's output, when slapd does not answer in ~15 s.
    bool start();
    // SIGINT to slapd, waits for it to exit. The data and the port are kept for start().
    void stop();
    bool isRunning() const;
    QString error() const { return m_error; }

    QString url() const; // "ldap://127.0.0.1:PORT" (StartTLS too when TLS is set)
    quint16 port() const { return m_port; }
    qint64 pid() const; // slapd's pid while it runs, else 0
    QByteArray output() const; // what slapd printed (errors only), over all its runs

    // TLS, before the first start(): slapd also listens on ldaps://127.0.0.1:TLSPORT and offers
    // StartTLS on url(), with this certificate (PEM, may hold the chain) and unencrypted key (a
    // file slapd can read: it runs as the test's user). Answers false (error()) after start().
    bool setTls(const QString &certificateFile, const QString &keyFile);
    bool hasTls() const { return !m_tlsCertificateFile.isEmpty(); }
    QString ldapsUrl() const; // "ldaps://127.0.0.1:TLSPORT"; empty without TLS
    quint16 tlsPort() const { return m_tlsPort; }

    QString baseDn() const;
    QString peopleDn() const;
    QString groupsDn() const;
    // The account the server searches with (search-then-bind): read access to the whole tree.
    QString serviceBindDn() const;
    QString servicePassword() const { return m_servicePassword; }
    // The directory's rootdn: may change anything (leavers, password changes) while it runs.
    QString adminBindDn() const;
    QString adminPassword() const { return m_adminPassword; }

    QList<DirectoryPerson> people() const { return m_people; }
    std::optional<DirectoryPerson> person(const QString &username) const;
    QList<DirectoryGroup> groups() const { return m_groups; }

    // Applies change records (ldapmodify LDIF) as the admin; slapd must be running.
    bool modify(const QByteArray &changeLdif);
    // Sets or clears the person's userAccountControl disabled bit (514 / 512), as AD does for
    // leavers; people() follows.
    bool setAccountDisabled(const QString &username, bool disabled);

private:
    bool prepare();
    bool launch(quint16 port, quint16 tlsPort, bool *portTaken);

    QTemporaryDir m_dir;
    std::unique_ptr<ChildProcess> m_slapd;
    QByteArray m_pastOutput;
    QString m_error;
    quint16 m_port = 0;
    quint16 m_tlsPort = 0; // only with TLS
    QString m_tlsCertificateFile;
    QString m_tlsKeyFile;
    bool m_prepared = false;
    QString m_servicePassword;
    QString m_adminPassword;
    QList<DirectoryPerson> m_people;
    QList<DirectoryGroup> m_groups;
};

} // namespace tessera::test
