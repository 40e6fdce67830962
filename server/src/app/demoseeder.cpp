#include "app/demoseeder.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/passwordhasher.h"
#include "crypto/randomtokens.h"
#include "http/apiscope.h"
#include "protocol/wiretime.h"
#include "storage/secretsatrest.h"
#include "storage/storage.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace tessera::server {

namespace {

struct DemoPerson
{
    QString id; // user id: employeeID for employees, the local ID otherwise
    QString username; // what they type at sign-in
    QString displayName;
    QString email;
    QString department;
    QString geo;
    QString userType;
    QString managerId;
    QStringList roles; // roles held in the server's role table
    QString password;
};

// Writes bytes to path readable by the owner only, atomically: the secrets never sit in a file
// with looser permissions, not even for a moment.
bool writePrivateFile(const QString &path, const QByteArray &bytes, QString *error)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temporary = target + ".tmp";
    ::unlink(temporary.constData());
    const int fd = ::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QStringLiteral("cannot create %1: %2")
                     .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n =
            ::write(fd, bytes.constData() + done, static_cast<size_t>(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += n;
    }
    const bool ok = done == bytes.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(temporary.constData(), target.constData()) != 0) {
        *error = QStringLiteral("cannot write %1: %2")
                     .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        ::unlink(temporary.constData());
        return false;
    }
    return true;
}

QString newLocalId(QSqlDatabase &db)
{
    // Local IDs are an "L" and seven digits: easy to read out and to type on a phone.
    for (;;) {
        QString id = QStringLiteral("L") + randomtokens::digits(7);
        QSqlQuery query(db);
        query.prepare(QStringLiteral("SELECT 1 FROM users WHERE id = ?"));
        query.addBindValue(id);
        if (query.exec() && !query.next())
            return id;
    }
}

} // namespace

DemoSeeder::DemoSeeder(Storage &storage, const PasswordHasher &hasher, const Clock &clock,
    const SecretSeal &seal, bool withDirectory)
    : m_storage(storage)
    , m_hasher(hasher)
    , m_clock(clock)
    , m_seal(seal)
    , m_withDirectory(withDirectory)
{ }

std::optional<DemoSeeder::Outcome> DemoSeeder::seed(const QString &dataDir, QString *error)
{
    Outcome outcome;
    outcome.accountsFile = QDir(dataDir).absoluteFilePath(accountsFileName());
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!query.exec(
            QStringLiteral("SELECT value FROM server_settings WHERE name = 'demo_seeded'"))) {
        *error =
            QStringLiteral("cannot read the server settings: %1").arg(query.lastError().text());
        return std::nullopt;
    }
    if (query.next())
        return outcome; // seeded at an earlier start

    QList<DemoPerson> people = {
        { newLocalId(db), {}, QStringLiteral("Tessera Admin"), QStringLiteral("admin@tessera.test"),
            QStringLiteral("IT"), QStringLiteral("Pune"), QStringLiteral("non_employee"), {},
            { QStringLiteral("admin"), QStringLiteral("publisher") }, {} },
        { QStringLiteral("E1001"), QStringLiteral("asha.rao"), QStringLiteral("Asha Rao"),
            QStringLiteral("asha.rao@tessera.test"), QStringLiteral("Operations"),
            QStringLiteral("Pune"), QStringLiteral("employee"), {}, {}, {} },
        { QStringLiteral("E1002"), QStringLiteral("ben.okafor"), QStringLiteral("Ben Okafor"),
            QStringLiteral("ben.okafor@tessera.test"), QStringLiteral("Operations"),
            QStringLiteral("Pune"), QStringLiteral("employee"), QStringLiteral("E1001"), {}, {} },
        { {}, {}, QStringLiteral("Sam Guard"), QStringLiteral("security@tessera.test"),
            QStringLiteral("Security"), QStringLiteral("Pune"), QStringLiteral("non_employee"), {},
            { QStringLiteral("scanner") }, {} },
        { {}, {}, QStringLiteral("Mira Nurse"), QStringLiteral("medical@tessera.test"),
            QStringLiteral("Medical"), QStringLiteral("Pune"), QStringLiteral("non_employee"), {},
            { QStringLiteral("medical") }, {} },
    };

    if (m_withDirectory) {
        people.removeIf(
            [](const DemoPerson &person) { return person.userType == QStringLiteral("employee"); });
    }

    if (!db.transaction()) {
        *error = QStringLiteral("cannot start a transaction: %1").arg(db.lastError().text());
        return std::nullopt;
    }
    auto rollback = qScopeGuard([&db] { db.rollback(); });
    const QString now = wiretime::format(m_clock.now());
    QJsonArray accounts;
    for (DemoPerson &person : people) {
        if (person.id.isEmpty())
            person.id = newLocalId(db);
        if (person.username.isEmpty())
            person.username = person.id;
        person.password = randomtokens::password();
        const std::optional<QString> hash = m_hasher.hash(person.password);
        if (!hash) {
            *error = QStringLiteral("hashing a password failed (out of memory?)");
            return std::nullopt;
        }
        query.prepare(QStringLiteral(
            "INSERT INTO users (id, kind, username, username_key, display_name, email, department,"
            " geo, user_type, manager_id, password_hash, password_temporary, created_at, "
            "updated_at)"
            " VALUES (?, 'local', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"));
        for (const QVariant &value :
            { QVariant(person.id), QVariant(person.username), QVariant(person.username.toLower()),
                QVariant(person.displayName), QVariant(person.email), QVariant(person.department),
                QVariant(person.geo), QVariant(person.userType),
                person.managerId.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                           : QVariant(person.managerId),
                QVariant(*hash), QVariant(now), QVariant(now) })
            query.addBindValue(value);
        if (!query.exec()) {
            *error = QStringLiteral("cannot add demo person %1: %2")
                         .arg(person.displayName, query.lastError().text());
            return std::nullopt;
        }
        for (const QString &role : std::as_const(person.roles)) {
            query.prepare(QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"));
            query.addBindValue(person.id);
            query.addBindValue(role);
            if (!query.exec()) {
                *error =
                    QStringLiteral("cannot give a demo role: %1").arg(query.lastError().text());
                return std::nullopt;
            }
        }
    }
    // Statuses for the pass's check processes: everyone may enter the office; Ben still owes
    // his medical check, everyone else is cleared.
    for (const DemoPerson &person : std::as_const(people)) {
        const QString medical = person.username == QStringLiteral("ben.okafor")
            ? QStringLiteral("required")
            : QStringLiteral("cleared");
        for (const auto &[claim, value] :
            { std::pair { QStringLiteral("office-entry"), QStringLiteral("allowed") },
                std::pair { QStringLiteral("medical-check"), medical } }) {
            query.prepare(QStringLiteral("INSERT INTO user_statuses (user_id, claim, value, set_by,"
                                         " set_at) VALUES (?, ?, ?, 'demo', ?)"));
            query.addBindValue(person.id);
            query.addBindValue(claim);
            query.addBindValue(value);
            query.addBindValue(now);
            if (!query.exec()) {
                *error =
                    QStringLiteral("cannot set a demo status: %1").arg(query.lastError().text());
                return std::nullopt;
            }
        }
    }
    // "manager" is not stored: it follows from having direct reports.
    for (const DemoPerson &person : std::as_const(people)) {
        QStringList roles = person.roles;
        const bool manages = std::any_of(people.cbegin(), people.cend(),
            [&](const DemoPerson &p) { return p.managerId == person.id; });
        if (manages)
            roles.prepend(QStringLiteral("manager"));
        accounts.append(QJsonObject {
            { QStringLiteral("username"), person.username },
            { QStringLiteral("password"), person.password },
            { QStringLiteral("kind"), QStringLiteral("local") },
            { QStringLiteral("userType"), person.userType },
            { QStringLiteral("roles"), QJsonArray::fromStringList(roles) },
            { QStringLiteral("userId"), person.id },
            { QStringLiteral("displayName"), person.displayName },
        });
    }

    // With a directory, its people are the employees: the demo directory
    // (tessera-demo-directory) leaves their demo passwords next to the data.
    if (m_withDirectory) {
        QFile directoryAccounts(
            QDir(dataDir).absoluteFilePath(QStringLiteral("demo-directory-accounts.json")));
        if (directoryAccounts.open(QIODevice::ReadOnly)) {
            const QJsonArray entries = QJsonDocument::fromJson(directoryAccounts.readAll()).array();
            for (const auto &entry : entries) {
                accounts.append(entry);
                // Known to the server before their first sign-in, so that their demo statuses
                // can be set; the people sync at start and the sign-in fill in the rest from
                // the directory.
                const QJsonObject person = entry.toObject();
                const QString id = person.value(QStringLiteral("userId")).toString();
                const QString username = person.value(QStringLiteral("username")).toString();
                if (id.isEmpty() || username.isEmpty())
                    continue;
                query.prepare(QStringLiteral(
                    "INSERT INTO users (id, kind, username, username_key, display_name,"
                    " user_type, disabled, directory_disabled, created_at, updated_at)"
                    " VALUES (?, 'ad', ?, ?, ?, 'employee', ?, ?, ?, ?)"));
                // Disabled in the directory (the people sync enables them when it does).
                const int disabled = person.value(QStringLiteral("disabled")).toBool() ? 1 : 0;
                for (const QVariant &value :
                    { QVariant(id), QVariant(username), QVariant(username.toLower()),
                        QVariant(person.value(QStringLiteral("displayName")).toString()),
                        QVariant(disabled), QVariant(disabled), QVariant(now), QVariant(now) })
                    query.addBindValue(value);
                if (!query.exec()) {
                    *error = QStringLiteral("cannot add directory person %1: %2")
                                 .arg(username, query.lastError().text());
                    return std::nullopt;
                }
                const QString medical = username == QStringLiteral("ben.okafor")
                    ? QStringLiteral("required")
                    : QStringLiteral("cleared");
                for (const auto &[claim, value] :
                    { std::pair { QStringLiteral("office-entry"), QStringLiteral("allowed") },
                        std::pair { QStringLiteral("medical-check"), medical } }) {
                    query.prepare(QStringLiteral("INSERT INTO user_statuses (user_id, claim,"
                                                 " value, set_by, set_at) VALUES (?, ?, ?,"
                                                 " 'demo', ?)"));
                    query.addBindValue(id);
                    query.addBindValue(claim);
                    query.addBindValue(value);
                    query.addBindValue(now);
                    if (!query.exec()) {
                        *error = QStringLiteral("cannot set a demo status: %1")
                                     .arg(query.lastError().text());
                        return std::nullopt;
                    }
                }
            }
        }
    }

    const QString key = randomtokens::urlSafe(QStringLiteral("tsk_"), 32);
    const QString webhookSecret = randomtokens::urlSafe(QStringLiteral("whsec_"), 32);
    const QString keyId = randomtokens::urlSafe(QStringLiteral("key_"), 9);
    const QString callbackPrefix = QStringLiteral("http://127.0.0.1");
    // The demo key holds every scope.
    query.prepare(QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                                 " created_at, scopes) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const QString &value : { keyId, QStringLiteral("demo-hr"), randomtokens::sha256Hex(key),
             m_seal.seal(webhookSecret.toUtf8(), webhookSecretContext(keyId)), now,
             apiscope::toStored(apiscope::allNames()) })
        query.addBindValue(value);
    bool ok = query.exec();
    query.prepare(
        QStringLiteral("INSERT INTO api_key_callback_prefixes (api_key_id, prefix) VALUES (?, ?)"));
    query.addBindValue(keyId);
    query.addBindValue(callbackPrefix);
    ok = ok && query.exec();
    query.prepare(
        QStringLiteral("INSERT INTO server_settings (name, value) VALUES ('demo_seeded', ?)"));
    query.addBindValue(now);
    ok = ok && query.exec();
    query.prepare(QStringLiteral("INSERT INTO audit_log (at, actor, action, target, detail) VALUES "
                                 "(?, 'system', 'demo.seed', ?, ?)"));
    query.addBindValue(now);
    query.addBindValue(QStringLiteral("demo data"));
    query.addBindValue(QStringLiteral("%1 people, 1 API key").arg(people.size()));
    ok = ok && query.exec();
    if (!ok) {
        *error = QStringLiteral("cannot seed the demo data: %1").arg(query.lastError().text());
        return std::nullopt;
    }

    const QJsonObject file {
        { QStringLiteral("accounts"), accounts },
        { QStringLiteral("apiKeys"),
            QJsonArray { QJsonObject { { QStringLiteral("id"), keyId },
                { QStringLiteral("subsystem"), QStringLiteral("demo-hr") },
                { QStringLiteral("key"), key }, { QStringLiteral("webhookSecret"), webhookSecret },
                { QStringLiteral("callbackPrefix"), callbackPrefix },
                // The column's default gives the demo key every scope.
                { QStringLiteral("scopes"),
                    QJsonArray::fromStringList(apiscope::allNames()) } } } },
    };
    // The file first, then the commit: if the commit fails, no account exists whose password
    // nobody knows; if the file cannot be written, nothing is seeded.
    if (!writePrivateFile(
            outcome.accountsFile, QJsonDocument(file).toJson(QJsonDocument::Indented), error))
        return std::nullopt;
    if (!db.commit()) {
        *error = QStringLiteral("cannot commit the demo data: %1").arg(db.lastError().text());
        QFile::remove(outcome.accountsFile);
        return std::nullopt;
    }
    rollback.dismiss();
    outcome.seededNow = true;
    qCInfo(lcServer) << "seeded demo data:" << people.size() << "people and one API key";
    return outcome;
}

} // namespace tessera::server
