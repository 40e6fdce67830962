#include "notifications/sentnotifications.h"

#include "notifications/approvalrepository.h"
#include "notifications/inboxitemview.h"
#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString kColumns = QStringLiteral(
    "n.id, n.reference, n.title, n.category, n.priority, n.actionable, n.delivery,"
    " n.callback_url, n.state, n.created_at, n.expires_at, n.ended_at, n.recipient_count,"
    " n.decided_action, n.decided_by, n.decided_by_name, n.decided_at, n.decided_via,"
    " n.decision_comment, n.version, n.actions,"
    " (SELECT COUNT(*) FROM inbox_items r WHERE r.notification_id = n.id"
    " AND r.read_at IS NOT NULL), n.requester, n.approval_mode, n.decision_inputs");

enum Column {
    Id,
    Reference,
    Title,
    Category,
    Priority,
    Actionable,
    Delivery,
    CallbackUrl,
    State,
    CreatedAt,
    ExpiresAt,
    EndedAt,
    RecipientCount,
    DecidedAction,
    DecidedBy,
    DecidedByName,
    DecidedAt,
    DecidedVia,
    DecisionComment,
    Version,
    Actions,
    ReadCount,
    Requester,
    ApprovalMode,
    DecisionInputs,
};

// The cursor of a page: the last item's creation time and id (newest first), base64url.
QString cursorOf(const QString &createdAt, const QString &id)
{
    return QString::fromLatin1(
        (createdAt + QLatin1Char(' ') + id)
            .toUtf8()
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<std::pair<QString, QString>> parseCursor(const QString &cursor)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || cursor.size() > 200)
        return std::nullopt;
    const QStringList parts = QString::fromUtf8(*decoded).split(QLatin1Char(' '));
    if (parts.size() != 2 || parts.at(0).isEmpty()
        || !parts.at(1).startsWith(QStringLiteral("ntf_")))
        return std::nullopt;
    return std::pair { parts.at(0), parts.at(1) };
}

QJsonObject summaryOf(const QSqlQuery &row, const QString &now)
{
    const auto text = [&](int column) { return row.value(column).toString(); };
    const auto textOrNull = [&](int column) {
        return InboxItemView::textOrNull(row.value(column));
    };
    const bool expiredNow = InboxItemView::dueToExpire(text(State), text(ExpiresAt), now);
    QJsonValue decision(QJsonValue::Null);
    if (text(State) == QStringLiteral("decided"))
        decision = QJsonObject { { QStringLiteral("action"), text(DecidedAction) },
            { QStringLiteral("decidedBy"), text(DecidedBy) },
            { QStringLiteral("decidedByName"), text(DecidedByName) },
            { QStringLiteral("decidedAt"), text(DecidedAt) },
            { QStringLiteral("decidedVia"), text(DecidedVia) },
            { QStringLiteral("comment"), textOrNull(DecisionComment) },
            // The card's inputs sent with the decision; null without a card.
            { QStringLiteral("inputs"),
                text(DecisionInputs).isEmpty()
                    ? QJsonValue(QJsonValue::Null)
                    : QJsonValue(
                        QJsonDocument::fromJson(text(DecisionInputs).toUtf8()).object()) } };
    return QJsonObject {
        { QStringLiteral("id"), text(Id) },
        { QStringLiteral("reference"), text(Reference) },
        { QStringLiteral("title"), text(Title) },
        { QStringLiteral("category"), text(Category) },
        { QStringLiteral("priority"), text(Priority) },
        { QStringLiteral("actionable"), row.value(Actionable).toInt() != 0 },
        { QStringLiteral("delivery"), text(Delivery) },
        { QStringLiteral("callbackUrl"), textOrNull(CallbackUrl) },
        { QStringLiteral("state"), expiredNow ? QStringLiteral("expired") : text(State) },
        { QStringLiteral("createdAt"), text(CreatedAt) },
        { QStringLiteral("expiresAt"), textOrNull(ExpiresAt) },
        { QStringLiteral("endedAt"), expiredNow ? textOrNull(ExpiresAt) : textOrNull(EndedAt) },
        { QStringLiteral("recipientCount"), row.value(RecipientCount).toLongLong() },
        { QStringLiteral("readCount"), row.value(ReadCount).toLongLong() },
        { QStringLiteral("decision"), decision },
        { QStringLiteral("version"), row.value(Version).toLongLong() },
        { QStringLiteral("requester"), textOrNull(Requester) },
        // In mode "all", ApprovalRepository::attach() adds each approver's state.
        { QStringLiteral("approval"),
            QJsonObject { { QStringLiteral("mode"), text(ApprovalMode) } } },
    };
}

} // namespace

bool SentNotifications::isCursor(const QString &cursor)
{
    return parseCursor(cursor).has_value();
}

std::optional<SentNotifications::Page> SentNotifications::list(
    QSqlDatabase &db, const QString &apiKeyId, const Query &query, const QString &now)
{
    QString where = QStringLiteral("n.api_key_id = ?");
    QVariantList values { apiKeyId };
    if (query.state == QStringLiteral("open")) {
        where +=
            QStringLiteral(" AND n.state = 'open' AND (n.expires_at IS NULL OR n.expires_at > ?)");
        values.append(now);
    } else if (query.state == QStringLiteral("expired")) {
        where += QStringLiteral(" AND (n.state = 'expired' OR (n.state = 'open' AND"
                                " n.expires_at IS NOT NULL AND n.expires_at <= ?))");
        values.append(now);
    } else if (!query.state.isEmpty()) {
        where += QStringLiteral(" AND n.state = ?");
        values.append(query.state);
    }
    if (!query.reference.isEmpty()) {
        where += QStringLiteral(" AND n.reference = ?");
        values.append(query.reference);
    }
    if (const auto after = parseCursor(query.after)) {
        where += QStringLiteral(" AND (n.created_at < ? OR (n.created_at = ? AND n.id < ?))");
        values << after->first << after->first << after->second;
    }
    QSqlQuery rows(db);
    if (!sql::exec(rows,
            QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM notifications n WHERE ")
                + where + QStringLiteral(" ORDER BY n.created_at DESC, n.id DESC LIMIT ")
                + QString::number(query.limit + 1),
            values))
        return std::nullopt;
    Page page;
    QString lastCreated;
    QString lastId;
    while (rows.next()) {
        if (page.items.size() == query.limit) {
            page.hasMore = true;
            page.cursor = cursorOf(lastCreated, lastId);
            break;
        }
        page.items.append(summaryOf(rows, now));
        lastCreated = rows.value(CreatedAt).toString();
        lastId = rows.value(Id).toString();
    }
    if (!ApprovalRepository::attachEach(db, &page.items))
        return std::nullopt;
    return page;
}

Lookup SentNotifications::one(QSqlDatabase &db, const QString &apiKeyId, const QString &id,
    const QString &now, QJsonObject *notification)
{
    QSqlQuery row(db);
    if (!sql::exec(row,
            QStringLiteral("SELECT ") + kColumns
                + QStringLiteral(" FROM notifications n WHERE n.id = ? AND n.api_key_id = ?"),
            { id, apiKeyId }))
        return Lookup::Failed;
    if (!row.next())
        return Lookup::Missing;
    *notification = summaryOf(row, now);
    if (!ApprovalRepository::attach(db, notification))
        return Lookup::Failed;
    notification->insert(QStringLiteral("actions"),
        QJsonDocument::fromJson(row.value(Actions).toString().toUtf8()).array());
    QSqlQuery people(db);
    if (!sql::exec(people,
            QStringLiteral("SELECT i.user_id, u.display_name, i.read_at FROM inbox_items i"
                           " LEFT JOIN users u ON u.id = i.user_id WHERE i.notification_id = ?"
                           " ORDER BY i.user_id LIMIT ")
                + QString::number(maxRecipientsShown),
            { id }))
        return Lookup::Failed;
    QJsonArray recipients;
    while (people.next()) {
        recipients.append(QJsonObject { { QStringLiteral("userId"), people.value(0).toString() },
            { QStringLiteral("name"), InboxItemView::textOrNull(people.value(1)) },
            { QStringLiteral("read"), !people.value(2).isNull() },
            { QStringLiteral("readAt"), InboxItemView::textOrNull(people.value(2)) } });
    }
    notification->insert(QStringLiteral("recipients"), recipients);
    notification->insert(QStringLiteral("recipientsTruncated"),
        notification->value(QStringLiteral("recipientCount")).toInteger() > recipients.size());
    return Lookup::Found;
}

} // namespace tessera::server
