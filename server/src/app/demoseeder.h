#pragma once

#include <QString>

#include <optional>

namespace tessera::server {

class SecretSeal;

class Clock;
class PasswordHasher;
class Storage;

// `tessera-server --demo`: at the first start on an empty database, seeds the demo people and a
// demo sub-system API key, with passwords and keys generated there and then, and writes them to
// DATA/demo-accounts.json (mode 0600). Later starts change nothing.
//
// Seeded people: an admin (local ID), a non-employee with the scanner role, a plain non-employee,
// and, only when no directory is configured, two employees one of whom manages the other (local
// accounts of user type employee). With a directory, employees are its people (the main-job
// command starts a demo slapd). The API key's callbacks may go to http://127.0.0.1.
class DemoSeeder
{
public:
    DemoSeeder(Storage &storage, const PasswordHasher &hasher, const Clock &clock,
        const SecretSeal &seal, bool withDirectory = false);

    struct Outcome
    {
        bool seededNow = false;
        QString accountsFile;
    };
    std::optional<Outcome> seed(const QString &dataDir, QString *error);

    static QString accountsFileName() { return QStringLiteral("demo-accounts.json"); }

private:
    Storage &m_storage;
    const PasswordHasher &m_hasher;
    const Clock &m_clock;
    const SecretSeal &m_seal;
    bool m_withDirectory = false;
};

} // namespace tessera::server
