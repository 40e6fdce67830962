#include "notifications/inboxitemview.h"

#include "notifications/approvalrepository.h"
#include "storage/sqlhelpers.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tessera::server {

namespace {

QJsonValue parseJson(const QString &text)
{
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Null);
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (document.isArray())
        return document.array();
    if (document.isObject())
        return document.object();
    return QJsonValue(QJsonValue::Null);
}

const QString kColumns = QStringLiteral(
    "n.id, n.subsystem, n.title, n.body, n.category, n.priority, n.created_at, n.expires_at,"
    " n.actionable, n.actions, n.data, n.state, n.decided_action, n.decided_by,"
    " n.decided_by_name, n.decided_at, n.decided_via, n.version, i.read_at, i.change_id,"
    " n.decision_comment, n.ended_at, n.approval_mode, (SELECT a.state FROM"
    " notification_approvals a WHERE a.notification_id = n.id AND a.user_id = i.user_id),"
    " n.card, n.decision_inputs, (SELECT a.inputs FROM notification_approvals a WHERE"
    " a.notification_id = n.id AND a.user_id = i.user_id)");

} // namespace

QString InboxItemView::columns()
{
    return kColumns;
}

QJsonValue InboxItemView::textOrNull(const QVariant &value)
{
    return value.isNull() || value.toString().isEmpty() ? QJsonValue(QJsonValue::Null)
                                                        : QJsonValue(value.toString());
}

bool InboxItemView::dueToExpire(const QString &state, const QString &expiresAt, const QString &now)
{
    return state == QStringLiteral("open") && !expiresAt.isEmpty() && expiresAt <= now;
}

bool InboxItemView::expiredAt(const QString &state, const QString &expiresAt, const QString &now)
{
    return state == QStringLiteral("expired") || dueToExpire(state, expiresAt, now);
}

QJsonObject InboxItemView::fromRow(const QSqlQuery &row, const QString &now)
{
    const QString state =
        expiredAt(row.value(State).toString(), row.value(ExpiresAt).toString(), now)
        ? QStringLiteral("expired")
        : row.value(State).toString();
    const QString action = row.value(12).toString();
    const bool all = row.value(ApprovalMode).toString() == ApprovalRepository::modeAll();
    QString shown;
    bool ownApproval = false;
    if (state == QStringLiteral("open") && all
        && row.value(MyApproval).toString() == QStringLiteral("approved")) {
        shown = QStringLiteral("approved"); // by this person; the others are still asked
        ownApproval = true;
    } else if (state == QStringLiteral("open"))
        shown = row.value(18).isNull() ? QStringLiteral("unread") : QStringLiteral("read");
    else if (state == QStringLiteral("decided"))
        shown = action == QStringLiteral("approve") ? QStringLiteral("approved")
            : action == QStringLiteral("reject")    ? QStringLiteral("rejected")
                                                    : QStringLiteral("done");
    else
        shown = state; // withdrawn, expired
    QJsonObject item {
        { QStringLiteral("id"), row.value(0).toString() },
        { QStringLiteral("subsystem"), row.value(1).toString() },
        { QStringLiteral("title"), row.value(2).toString() },
        { QStringLiteral("body"), row.value(3).toString() },
        { QStringLiteral("category"), row.value(4).toString() },
        { QStringLiteral("priority"), row.value(5).toString() },
        { QStringLiteral("createdAt"), row.value(6).toString() },
        { QStringLiteral("expiresAt"), textOrNull(row.value(7)) },
        { QStringLiteral("actionable"), row.value(8).toInt() != 0 },
        { QStringLiteral("actions"), parseJson(row.value(9).toString()) },
        { QStringLiteral("data"), parseJson(row.value(10).toString()) },
        { QStringLiteral("state"), shown },
        { QStringLiteral("decidedAction"), textOrNull(row.value(12)) },
        { QStringLiteral("decidedBy"), textOrNull(row.value(13)) },
        { QStringLiteral("decidedByName"), textOrNull(row.value(14)) },
        { QStringLiteral("decidedAt"), textOrNull(row.value(15)) },
        { QStringLiteral("decidedVia"), textOrNull(row.value(16)) },
        { QStringLiteral("version"), row.value(17).toLongLong() },
        { QStringLiteral("card"), parseJson(row.value(Card).toString()) },
    };
    // The inputs the deciding decision was sent with (a card's): every recipient sees them with
    // who decided; absent when it had none. An approver of an open "all" item who approved sees
    // the inputs of their own approval (their item reads "approved").
    const QJsonValue inputs = parseJson(row.value(DecisionInputs).toString());
    const QJsonValue own = parseJson(row.value(MyApprovalInputs).toString());
    if (row.value(State).toString() == QStringLiteral("decided") && inputs.isObject()
        && !inputs.toObject().isEmpty())
        item.insert(QStringLiteral("decidedInputs"), inputs);
    else if (ownApproval && own.isObject() && !own.toObject().isEmpty())
        item.insert(QStringLiteral("decidedInputs"), own);
    if (all) // ApprovalRepository::attach() adds the approvals
        item.insert(QStringLiteral("approval"),
            QJsonObject { { QStringLiteral("mode"), ApprovalRepository::modeAll() } });
    return item;
}

QString InboxItemView::selectOne()
{
    return QStringLiteral("SELECT ") + kColumns
        + QStringLiteral(" FROM inbox_items i JOIN notifications n ON n.id = i.notification_id"
                         " WHERE i.user_id = ? AND i.notification_id = ?");
}

std::optional<QJsonObject> InboxItemView::load(
    QSqlDatabase &db, const QString &userId, const QString &notificationId, const QString &now)
{
    QSqlQuery query(db);
    if (!sql::exec(query, selectOne(), { userId, notificationId }) || !query.next())
        return std::nullopt;
    QJsonObject item = fromRow(query, now);
    if (!ApprovalRepository::attach(db, &item))
        return std::nullopt;
    return item;
}

} // namespace tessera::server
