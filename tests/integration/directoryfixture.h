#pragma once

// What the directory client's tests share: a real slapd with TLS from a throwaway CA (and an
// unrelated CA), the client's configuration for it, and its people and groups.
#include "childprocess.h"
#include "identity/directory.h"
#include "slapdprocess.h"
#include "testca.h"

#include <QFile>
#include <QFuture>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QThreadPool>
#include <QtConcurrent>
#include <QtTest>

#include <memory>
#include <optional>

namespace tessera::test {

using tessera::server::Directory;
using tessera::server::DirectoryConfig;
using Outcome = tessera::server::Directory::Outcome;
using TestPerson = tessera::test::DirectoryPerson;

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

class DirectoryFixture
{
protected:
    std::unique_ptr<TestCertificateAuthority> m_ca;
    std::unique_ptr<TestCertificateAuthority> m_otherCa;
    std::unique_ptr<SlapdProcess> m_slapd;

    DirectoryConfig config(DirectoryConfig::Security security = DirectoryConfig::Security::Plain,
        const QString &caFile = {}) const
    {
        DirectoryConfig config;
        config.security = security;
        config.url = QUrl(
            security == DirectoryConfig::Security::Ldaps ? m_slapd->ldapsUrl() : m_slapd->url());
        config.baseDn = m_slapd->baseDn();
        config.bindDn = m_slapd->serviceBindDn();
        config.bindPassword = m_slapd->servicePassword();
        config.caFile = caFile;
        return config;
    }

    TestPerson person(const QString &username) const
    {
        const std::optional<TestPerson> found = m_slapd->person(username);
        if (!found)
            qFatal("no %s in the test directory", qPrintable(username));
        return *found;
    }

    QString groupDn(const QString &name) const
    {
        const QList<tessera::test::DirectoryGroup> groups = m_slapd->groups();
        for (const tessera::test::DirectoryGroup &group : groups) {
            if (group.name == name)
                return group.dn;
        }
        qFatal("no group %s in the test directory", qPrintable(name));
    }
};

} // namespace tessera::test
