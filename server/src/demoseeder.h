#pragma once

#include <QString>

#include <optional>

namespace tessera::server {

class Clock;
class PasswordHasher;
class Storage;

// `tessera-server --demo`: at the first start on an empty database, seeds the demo people and a
// demo sub-system API key, with passwords and keys generated there and then, and writes them to
// DATA/demo-accounts.json (mode 0600). Later starts change nothing.
//
// Seeded people: an admin (local ID), two employees one of whom manages the other (local
// accounts of user type employee, as no directory is configured), a non-employee with the
// scanner role and a plain non-employee. The API key's callbacks may go to http://127.0.0.1.
class DemoSeeder
{
public:
    DemoSeeder(Storage &storage, const PasswordHasher &hasher, const Clock &clock);

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
};

} // namespace tessera::server
