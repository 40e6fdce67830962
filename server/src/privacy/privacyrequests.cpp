#include "privacy/privacyrequests.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString kColumns =
    QStringLiteral("id, kind, comment, state, created_at, decided_at, decision_comment");

QString forUpdate(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QSQLITE") ? QString() : QStringLiteral(" FOR UPDATE");
}

NewNotification itemFor(const QString &id, const QString &userId, const QString &name,
    const QString &kind, const QString &comment)
{
    NewNotification item;
    item.recipients.roles = { QStringLiteral("privacy") };
    const bool deletion = kind == QStringLiteral("deletion");
    item.title = (deletion ? QStringLiteral("Deletion request from %1")
                           : QStringLiteral("Correction request from %1"))
                     .arg(name);
    item.body = comment; // plain text: the app shows it as text, never markup
    item.category = QStringLiteral("privacy");
    item.priority = QStringLiteral("normal");
    item.actionable = true;
    item.actions = QJsonArray {
        QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
            { QStringLiteral("label"),
                deletion ? QStringLiteral("Approve and erase") : QStringLiteral("Done") },
            { QStringLiteral("requiresComment"), false } },
        QJsonObject { { QStringLiteral("id"), QStringLiteral("reject") },
            { QStringLiteral("label"), QStringLiteral("Reject") },
            { QStringLiteral("requiresComment"), true } },
    };
    item.reference = id;
    item.requester = userId;
    return item;
}

} // namespace

PrivacyRequests::PrivacyRequests(ChangeFeed &feed, const Clock &clock,
    NotificationService &notifications, const PersonalData &data,
    std::function<bool()> flushAccessLog)
    : m_feed(feed)
    , m_clock(clock)
    , m_data(data)
    , m_flushAccessLog(std::move(flushAccessLog))
    , m_sender(notifications, QStringLiteral("privacy"),
          [this](ChangeTransaction &transaction, const InternalDecision &decision) {
              return decided(transaction, decision);
          })
{
    // After the decision committed: an approved deletion erases the person now.
    m_sender.setCommittedListener([this](const InternalDecision &decision) {
        if (decision.action == QStringLiteral("approve") && !finish(decision.reference))
            qCWarning(lcServer) << "privacy request" << decision.reference
                                << "approved; its erasure is left to the sweep";
    });
}

QJsonObject PrivacyRequests::toJson(const QSqlQuery &row)
{
    QJsonObject request { { QStringLiteral("id"), row.value(0).toString() },
        { QStringLiteral("kind"), row.value(1).toString() },
        { QStringLiteral("comment"), row.value(2).toString() },
        { QStringLiteral("state"), row.value(3).toString() },
        { QStringLiteral("createdAt"), row.value(4).toString() } };
    if (!row.value(5).isNull())
        request.insert(QStringLiteral("decidedAt"), row.value(5).toString());
    if (!row.value(6).isNull() && !row.value(6).toString().isEmpty())
        request.insert(QStringLiteral("decisionComment"), row.value(6).toString());
    return request;
}

PrivacyRequests::Created PrivacyRequests::create(const QString &userId, const QString &kind,
    const QString &comment, const IdempotentComplete &complete)
{
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return {};
    QSqlQuery query(transaction.db());
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + kColumns
                + QStringLiteral(" FROM privacy_requests WHERE user_id = ? AND kind = ? AND"
                                 " state = 'pending'"),
            { userId, kind }))
        return {};
    if (query.next())
        return Created { Created::Outcome::Duplicate, toJson(query) };
    if (!sql::exec(query, QStringLiteral("SELECT display_name FROM users WHERE id = ?"), { userId })
        || !query.next())
        return {};
    const QString name = query.value(0).toString();
    const QString id = randomtokens::urlSafe(QStringLiteral("prq_"), 16);
    const QString now = wiretime::format(m_clock.now());
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO privacy_requests (id, user_id, kind, comment, state,"
                           " created_at) VALUES (?, ?, ?, ?, 'pending', ?)"),
            { id, userId, kind, comment, now }))
        return {};
    // The officers' item commits with the request (the requester is never asked, even as an
    // officer).
    const CreateResult sent = m_sender.send(transaction, itemFor(id, userId, name, kind, comment));
    if (sent.outcome == CreateResult::Outcome::NoRecipients)
        return Created { Created::Outcome::NoOfficer, {} };
    if (sent.outcome != CreateResult::Outcome::Created)
        return {};
    if (!sql::exec(query,
            QStringLiteral("UPDATE privacy_requests SET notification_id = ? WHERE id = ?"),
            { sent.id, id })
        || !sql::exec(query,
            QStringLiteral("SELECT ") + kColumns
                + QStringLiteral(" FROM privacy_requests WHERE id = ?"),
            { id })
        || !query.next())
        return {};
    Created created { Created::Outcome::Created, toJson(query) };
    if ((complete
            && !complete(
                http::json(QJsonObject { { QStringLiteral("request"), created.request } }, 201)))
        || !transaction.commit())
        return {};
    qCInfo(lcServer) << "privacy request" << id << "(" << kind << ") sent to the privacy role";
    return created;
}

std::optional<QJsonArray> PrivacyRequests::list(const QString &userId) const
{
    QSqlQuery query(m_feed.storage().connection());
    if (!sql::exec(query,
            QStringLiteral("SELECT ") + kColumns
                + QStringLiteral(" FROM privacy_requests WHERE user_id = ?"
                                 " ORDER BY seq DESC"),
            { userId }))
        return std::nullopt;
    QJsonArray requests;
    while (query.next())
        requests.append(toJson(query));
    return requests;
}

bool PrivacyRequests::decided(
    ChangeTransaction &transaction, const InternalDecision &decision) const
{
    QSqlDatabase &db = transaction.db();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT kind, state FROM privacy_requests WHERE id = ?") + forUpdate(db),
            { decision.reference })
        || !query.next())
        return false;
    const QString kind = query.value(0).toString();
    if (query.value(1).toString() != QStringLiteral("pending"))
        return false;
    // Only a privacy officer decides, even one who lost the role after the item reached them.
    if (!sql::exec(query,
            QStringLiteral(
                "SELECT COUNT(*) FROM user_roles WHERE user_id = ? AND role = 'privacy'"),
            { decision.deciderId })
        || !query.next() || query.value(0).toInt() != 1)
        return false;
    QString state;
    if (decision.action == QStringLiteral("reject"))
        state = QStringLiteral("rejected");
    else if (decision.action == QStringLiteral("approve"))
        // A correction is done by the officer; a deletion is erased after this commit.
        state = kind == QStringLiteral("deletion") ? QStringLiteral("approved")
                                                   : QStringLiteral("done");
    else
        return false;
    return sql::exec(query,
        QStringLiteral("UPDATE privacy_requests SET state = ?, decided_at = ?, decided_by = ?,"
                       " decision_comment = ?, done_at = ? WHERE id = ? AND state = 'pending'"),
        { state, decision.decidedAt, decision.deciderId, sql::textOrNull(decision.comment),
            state == QStringLiteral("done") ? QVariant(decision.decidedAt) : sql::nullText(),
            decision.reference });
}

bool PrivacyRequests::endOpen(ChangeTransaction &transaction, const QString &userId)
{
    QSqlQuery query(transaction.db());
    if (!sql::exec(query,
            QStringLiteral("SELECT notification_id FROM privacy_requests WHERE user_id = ? AND"
                           " state = 'pending' AND notification_id IS NOT NULL"),
            { userId }))
        return false;
    QStringList items;
    while (query.next())
        items.append(query.value(0).toString());
    query.finish();
    for (const QString &item : std::as_const(items)) {
        if (m_sender.withdraw(transaction, item) == Written::Failed)
            return false;
    }
    return sql::exec(query,
        QStringLiteral("UPDATE privacy_requests SET state = 'done', done_at = ? WHERE user_id = ?"
                       " AND state = 'pending'"),
        { wiretime::format(m_clock.now()), userId });
}

bool PrivacyRequests::erase(ChangeTransaction &transaction, const QString &userId)
{
    std::optional<PersonalSubject> person = PersonalData::subject(transaction.db(), userId);
    if (!person)
        return false;
    if (person->userId.isEmpty())
        return true; // erased already
    // Their other open requests are moot: ended, and taken from the officers' inboxes.
    if (!endOpen(transaction, userId))
        return false;
    person->pseudonym = randomtokens::urlSafe(QStringLiteral("erased_"), 12);
    person->now = wiretime::format(m_clock.now());
    return m_data.erase(transaction, *person);
}

bool PrivacyRequests::finish(const QString &id)
{
    // The requests of the last seconds too, so that the erasure takes them with it.
    if (m_flushAccessLog && !m_flushAccessLog())
        qCWarning(lcServer) << "erasure: the access log's last lines are not written yet";
    QString userId;
    {
        ChangeTransaction transaction(m_feed);
        if (!transaction.isActive())
            return false;
        QSqlDatabase &db = transaction.db();
        QSqlQuery query(db);
        if (!sql::exec(query,
                QStringLiteral("SELECT user_id FROM privacy_requests WHERE id = ? AND kind ="
                               " 'deletion' AND state = 'approved'")
                    + forUpdate(db),
                { id }))
            return false;
        if (!query.next())
            return true; // done before (another node, an earlier sweep), or not a deletion
        userId = query.value(0).toString();
        if (!erase(transaction, userId)
            || !sql::exec(query,
                QStringLiteral("UPDATE privacy_requests SET state = 'done', done_at = ? WHERE"
                               " id = ? AND state = 'approved'"),
                { wiretime::format(m_clock.now()), id })
            || !transaction.commit())
            return false;
    }
    qCInfo(lcServer) << "privacy request" << id << "done: the person is erased";
    if (m_sessionsEnded)
        m_sessionsEnded(userId);
    return true;
}

std::optional<int> PrivacyRequests::finishApproved()
{
    QSqlQuery query(m_feed.storage().connection());
    if (!sql::exec(query,
            QStringLiteral("SELECT id FROM privacy_requests WHERE state = 'approved' AND kind ="
                           " 'deletion' ORDER BY seq")))
        return std::nullopt;
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    for (const QString &id : std::as_const(ids)) {
        if (!finish(id))
            return std::nullopt;
    }
    return static_cast<int>(ids.size());
}

bool PrivacyRequests::eraseAccount(const QString &userId)
{
    if (m_flushAccessLog && !m_flushAccessLog())
        qCWarning(lcServer) << "erasure: the access log's last lines are not written yet";
    {
        ChangeTransaction transaction(m_feed);
        if (!transaction.isActive() || !erase(transaction, userId) || !transaction.commit())
            return false;
    }
    qCInfo(lcServer) << "an account deleted itself";
    if (m_sessionsEnded)
        m_sessionsEnded(userId);
    return true;
}

} // namespace tessera::server
