#include "identity/peoplesync.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "identity/directory.h"
#include "identity/peoplerepository.h"
#include "pass/passrevoker.h"
#include "storage/auditlog.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QHash>
#include <QJsonDocument>
#include <QSet>

namespace tessera::server {

namespace {

// Applies one listing to the users table inside the caller's transaction.
class SyncApply
{
public:
    SyncApply(QSqlDatabase &db, const QDateTime &now, const QString &actor)
        : m_db(db)
        , m_people(db)
        , m_now(now)
        , m_actor(actor)
    { }

    bool index()
    {
        const auto stored = m_people.all();
        if (!stored)
            return false;
        for (const PeopleRepository::Stored &person : *stored) {
            m_byId.insert(person.id, person);
            m_idByKey.insert(person.usernameKey, person.id);
        }
        return true;
    }

    bool apply(const DirectoryPerson &person, PeopleSync::Result &result)
    {
        if (m_listed.contains(person.employeeId)) {
            qCWarning(lcDirectory).noquote()
                << "people sync skips" << person.dn << ": another entry has employeeID"
                << person.employeeId << "too";
            ++result.skipped;
            return true;
        }
        m_listed.insert(person.employeeId);
        const auto found = m_byId.constFind(person.employeeId);
        const bool nameTaken =
            m_idByKey.value(person.accountName().toLower(), person.employeeId) != person.employeeId;
        if ((found != m_byId.cend() && found->kind != QStringLiteral("ad"))
            || (found == m_byId.cend() && nameTaken)) {
            qCWarning(lcDirectory).noquote()
                << "people sync skips" << person.dn << "(employeeID" << person.employeeId
                << "): its ID or account name is held by another account";
            ++result.skipped;
            return true;
        }
        if (found == m_byId.cend()) {
            if (!m_people.insert(person, m_now))
                return false;
            m_idByKey.insert(person.accountName().toLower(), person.employeeId);
            ++result.added;
            return true;
        }
        // A new account name another person holds: the row keeps its fields (logged), and
        // still follows the directory's disabled state.
        if (nameTaken) {
            qCWarning(lcDirectory).noquote()
                << "people sync keeps" << person.employeeId << "as it was: its new account name"
                << person.accountName() << "is held by another account";
            ++result.skipped;
        } else if (found->differsFrom(person)) {
            if (!m_people.update(person, m_now))
                return false;
            ++result.updated;
            // What an audience matches (the manager role comes from having reports).
            if (found->department != person.department || found->geo != person.geo
                || found->hasDirectReports != person.hasDirectReports)
                m_audienceChangedIds.append(person.employeeId);
        }
        if (person.disabled && !found->disabled)
            return disable(person.employeeId, QStringLiteral("disabled in the directory"), result);
        if (!person.disabled && found->disabled && found->directoryDisabled) {
            if (!m_people.setDirectoryDisabled(person.employeeId, false, m_now))
                return false;
            writeAudit(m_db, m_now, m_actor, QStringLiteral("enable_user"), person.employeeId,
                QStringLiteral("enabled in the directory"));
            ++result.enabled;
            m_audienceChangedIds.append(person.employeeId);
        }
        return true;
    }

    // Directory people the listing no longer holds.
    bool disableGone(PeopleSync::Result &result)
    {
        for (const PeopleRepository::Stored &person : std::as_const(m_byId)) {
            if (person.kind == QStringLiteral("ad") && !person.disabled
                && !m_listed.contains(person.id)
                && !disable(person.id, QStringLiteral("gone from the directory"), result))
                return false;
        }
        return true;
    }

    const QStringList &disabledIds() const { return m_disabledIds; }
    // Known people whose audience facts changed (each once; the disabled among them).
    QStringList audienceChangedIds() const
    {
        QStringList ids = m_audienceChangedIds + m_disabledIds;
        ids.removeDuplicates();
        return ids;
    }

private:
    // As an admin's disable: every session and pass ends.
    bool disable(const QString &id, const QString &why, PeopleSync::Result &result)
    {
        if (!m_people.setDirectoryDisabled(id, true, m_now)
            || !PassRevoker(m_db, m_now).personDisabled(id, m_actor))
            return false;
        writeAudit(m_db, m_now, m_actor, QStringLiteral("disable_user"), id, why);
        qCInfo(lcDirectory).noquote()
            << "people sync disabled" << id << QStringLiteral("(%1)").arg(why);
        m_disabledIds.append(id);
        ++result.disabled;
        return true;
    }

    QSqlDatabase &m_db;
    PeopleRepository m_people;
    QDateTime m_now;
    QString m_actor;
    QHash<QString, PeopleRepository::Stored> m_byId;
    QHash<QString, QString> m_idByKey;
    QSet<QString> m_listed;
    QStringList m_disabledIds;
    QStringList m_audienceChangedIds;
};

} // namespace

QJsonObject PeopleSync::Result::counts() const
{
    return QJsonObject {
        { QStringLiteral("listed"), listed },
        { QStringLiteral("added"), added },
        { QStringLiteral("updated"), updated },
        { QStringLiteral("disabled"), disabled },
        { QStringLiteral("enabled"), enabled },
        { QStringLiteral("skipped"), skipped },
    };
}

QString PeopleSync::Result::failure() const
{
    switch (outcome) {
    case Outcome::Synced:
    case Outcome::NotConfigured:
        return {};
    case Outcome::Unavailable:
        return QStringLiteral("the directory could not be read in full; nothing changed");
    case Outcome::LeaseLost:
        return QStringLiteral("the sync outlived its lease; nothing changed");
    case Outcome::Failed:
        break;
    }
    return QStringLiteral("the database refused; nothing changed");
}

PeopleSync::PeopleSync(
    Storage &storage, const Clock &clock, std::shared_ptr<const Directory> directory)
    : m_storage(storage)
    , m_clock(clock)
    , m_directory(std::move(directory))
{ }

PeopleSync::Result PeopleSync::run(const QString &actor, const LeaseCheck &leaseHeld) const
{
    Result result;
    if (!m_directory) {
        result.outcome = Outcome::NotConfigured;
        return result;
    }
    const std::lock_guard lock(m_running);
    // Outside any transaction: the directory may take its time.
    const Directory::Listing listing = m_directory->listPeople();
    if (!listing.ok || listing.people.isEmpty()) {
        qCWarning(lcDirectory).noquote()
            << "people sync failed, nothing changed:"
            << (listing.ok ? QStringLiteral("the directory lists nobody with an employeeID")
                           : listing.message);
        result.outcome = Outcome::Unavailable;
        return result;
    }
    result.listed = static_cast<int>(listing.people.size());

    QStringList disabledIds;
    QStringList audienceChangedIds;
    {
        QSqlDatabase db = m_storage.connection();
        sql::Transaction transaction(db);
        const QDateTime now = m_clock.now();
        SyncApply sync(db, now, actor);
        const std::optional<bool> held =
            transaction.isActive() && leaseHeld ? leaseHeld(db) : std::optional(true);
        if (held == false) {
            qCWarning(lcDirectory) << "people sync outlived its lease (another node may sync"
                                      " now); nothing changed";
            result.outcome = Outcome::LeaseLost;
            return result;
        }
        bool ok = transaction.isActive() && held == true && PeopleRepository(db).beginSync(now)
            && sync.index();
        for (const DirectoryPerson &person : listing.people)
            ok = ok && sync.apply(person, result);
        ok = ok && sync.disableGone(result)
            && PeopleRepository(db).finishSync(now,
                QString::fromUtf8(QJsonDocument(result.counts()).toJson(QJsonDocument::Compact)))
            && transaction.commit();
        if (!ok) {
            qCWarning(lcDirectory) << "people sync failed: the database refused; nothing changed";
            return Result {};
        }
        disabledIds = sync.disabledIds();
        audienceChangedIds = sync.audienceChangedIds();
    }
    // After the commit (the feed's transaction is another): a crash in between loses the
    // resync, and those people's apps keep what they had until it changes.
    if (m_audienceChanged && !audienceChangedIds.isEmpty())
        m_audienceChanged(audienceChangedIds);
    if (m_sessionsEnded) {
        for (const QString &id : std::as_const(disabledIds))
            m_sessionsEnded(id, {});
    }
    result.outcome = Outcome::Synced;
    qCInfo(lcDirectory).noquote() << "people sync by" << actor << "done:" << listing.message
                                  << QJsonDocument(result.counts()).toJson(QJsonDocument::Compact);
    return result;
}

} // namespace tessera::server
