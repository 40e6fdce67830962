#include "notifications/notificationreader.h"

#include "http/jsonreader.h"
#include "http/personroles.h"
#include "protocol/wiretime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace tessera::server {

namespace {

constexpr qsizetype kMaxRecipientsPerList = 1000;
constexpr int kMaxActions = 5;

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// "approval":{"mode":"any"|"all"}: the mode, "any" when left out.
QString readApprovalMode(const QJsonObject &body, JsonReader *reader)
{
    const QJsonValue value = body.value(QStringLiteral("approval"));
    if (value.isUndefined() || value.isNull() || !reader->ok())
        return QStringLiteral("any");
    if (!value.isObject()) {
        reader->fail(QStringLiteral("“approval” must be an object such as {\"mode\":\"all\"}."));
        return {};
    }
    JsonReader approval(value.toObject(), QStringLiteral("approval"));
    approval.allowOnly({ QStringLiteral("mode") });
    const QString mode = approval.optionalString(QStringLiteral("mode"), 8);
    if (approval.ok() && !mode.isEmpty() && mode != QStringLiteral("any")
        && mode != QStringLiteral("all"))
        approval.fail(QStringLiteral("“approval.mode” must be \"any\" or \"all\"."));
    if (!approval.ok())
        reader->fail(approval.error());
    return mode.isEmpty() ? QStringLiteral("any") : mode;
}

} // namespace

std::optional<NewNotification> NotificationReader::read(
    const QJsonObject &body, const QDateTime &now, QString *error)
{
    JsonReader reader(body);
    reader.allowOnly(
        { QStringLiteral("recipients"), QStringLiteral("title"), QStringLiteral("body"),
            QStringLiteral("category"), QStringLiteral("priority"), QStringLiteral("actionable"),
            QStringLiteral("actions"), QStringLiteral("expiresAt"), QStringLiteral("reference"),
            QStringLiteral("callbackUrl"), QStringLiteral("data"), QStringLiteral("requester"),
            QStringLiteral("approval"), QStringLiteral("delivery"), QStringLiteral("card") });
    JsonReader recipients(
        reader.object(QStringLiteral("recipients")), QStringLiteral("recipients"));
    recipients.allowOnly({ QStringLiteral("users"), QStringLiteral("departments"),
        QStringLiteral("geos"), QStringLiteral("roles") });
    const QStringList users =
        recipients.stringList(QStringLiteral("users"), kMaxRecipientsPerList, 64);
    const QStringList departments =
        recipients.stringList(QStringLiteral("departments"), kMaxRecipientsPerList, 100);
    const QStringList geos =
        recipients.stringList(QStringLiteral("geos"), kMaxRecipientsPerList, 100);
    const QStringList roles = recipients.stringList(QStringLiteral("roles"), 4, 16);
    if (!recipients.ok())
        reader.fail(recipients.error());
    const QString title = reader.string(QStringLiteral("title"), maxTitleLength);
    const QString text = reader.string(QStringLiteral("body"), maxBodyBytes);
    const QString category = reader.string(QStringLiteral("category"), 64);
    QString priority = reader.optionalString(QStringLiteral("priority"), 16);
    const QString reference = reader.string(QStringLiteral("reference"), 200);
    const QString expiresText = reader.optionalString(QStringLiteral("expiresAt"), 40);
    const QString callbackText = reader.optionalString(QStringLiteral("callbackUrl"), 2000);
    const QString requester = reader.optionalString(QStringLiteral("requester"), 64);
    const QString approvalMode = readApprovalMode(body, &reader);
    QString delivery = reader.optionalString(QStringLiteral("delivery"), 16);
    if (priority.isEmpty())
        priority = QStringLiteral("normal");
    if (delivery.isEmpty())
        delivery = QStringLiteral("webhook");
    if (reader.ok() && delivery != QStringLiteral("webhook") && delivery != QStringLiteral("poll"))
        reader.fail(QStringLiteral("“delivery” must be \"webhook\" or \"poll\"."));
    if (reader.ok() && delivery == QStringLiteral("poll") && !callbackText.isEmpty())
        reader.fail(QStringLiteral("“callbackUrl” is for \"delivery\": \"webhook\"; with "
                                   "\"poll\" the sub-system reads GET /v1/subsystem/events."));
    if (reader.ok() && text.toUtf8().size() > maxBodyBytes)
        reader.fail(QStringLiteral("“body” is larger than %1 bytes.").arg(maxBodyBytes));
    if (reader.ok() && priority != QStringLiteral("normal") && priority != QStringLiteral("high"))
        reader.fail(QStringLiteral("“priority” must be \"normal\" or \"high\"."));
    const QJsonValue actionableValue = body.value(QStringLiteral("actionable"));
    if (reader.ok() && !actionableValue.isUndefined() && !actionableValue.isBool())
        reader.fail(QStringLiteral("“actionable” must be true or false."));
    const bool actionable = actionableValue.toBool(false);
    QJsonArray actions;
    const QJsonValue actionsValue = body.value(QStringLiteral("actions"));
    if (reader.ok() && !actionsValue.isUndefined() && !actionsValue.isArray())
        reader.fail(QStringLiteral("“actions” must be an array."));
    const QJsonArray given = actionsValue.toArray();
    if (reader.ok() && actionable && (given.isEmpty() || given.size() > kMaxActions))
        reader.fail(
            QStringLiteral("An actionable notification needs 1 to %1 actions.").arg(kMaxActions));
    if (reader.ok() && !actionable && !given.isEmpty())
        reader.fail(QStringLiteral("“actions” are only for actionable notifications."));
    static const QRegularExpression actionId(QStringLiteral("^[a-z0-9_-]{1,32}$"));
    QStringList seen;
    for (qsizetype i = 0; reader.ok() && i < given.size(); ++i) {
        if (!given.at(i).isObject()) {
            reader.fail(QStringLiteral("“actions[%1]” must be an object.").arg(i));
            break;
        }
        JsonReader action(given.at(i).toObject(), QStringLiteral("actions[%1]").arg(i));
        action.allowOnly(
            { QStringLiteral("id"), QStringLiteral("label"), QStringLiteral("requiresComment") });
        const QString id = action.string(QStringLiteral("id"), 32);
        const QString label = action.string(QStringLiteral("label"), 64);
        const QJsonValue needsComment =
            given.at(i).toObject().value(QStringLiteral("requiresComment"));
        if (action.ok() && !actionId.match(id).hasMatch())
            action.fail(QStringLiteral("“actions[%1].id” must be 1 to 32 of a-z, 0-9, '_' and '-'.")
                            .arg(i));
        if (action.ok() && seen.contains(id))
            action.fail(QStringLiteral("The action id “%1” appears twice.").arg(id));
        if (action.ok() && !needsComment.isUndefined() && !needsComment.isBool())
            action.fail(
                QStringLiteral("“actions[%1].requiresComment” must be true or false.").arg(i));
        if (!action.ok()) {
            reader.fail(action.error());
            break;
        }
        seen.append(id);
        actions.append(
            QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("label"), label },
                { QStringLiteral("requiresComment"), needsComment.toBool(false) } });
    }
    QString data;
    const QJsonValue dataValue = body.value(QStringLiteral("data"));
    if (reader.ok() && !dataValue.isUndefined() && !dataValue.isNull()) {
        if (!dataValue.isObject())
            reader.fail(QStringLiteral("“data” must be an object."));
        else {
            data = compact(dataValue.toObject());
            if (data.toUtf8().size() > maxDataBytes)
                reader.fail(QStringLiteral("“data” is larger than %1 bytes.").arg(maxDataBytes));
        }
    }
    std::optional<QDateTime> expires;
    if (reader.ok() && !expiresText.isEmpty()) {
        expires = wiretime::parse(expiresText);
        if (!expires)
            reader.fail(QStringLiteral(
                "“expiresAt” must be an RFC 3339 time such as 2026-11-29T10:42:00Z."));
        else if (*expires <= now)
            reader.fail(QStringLiteral("“expiresAt” is in the past."));
    }
    for (const QString &role : roles) {
        if (reader.ok() && !personroles::isKnown(role))
            reader.fail(QStringLiteral("Unknown role “%1” in recipients.").arg(role));
    }
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return NewNotification { { users, departments, geos, roles }, title, text, category, priority,
        actionable, actions, expires, reference, callbackText, data, requester, approvalMode,
        delivery, body.value(QStringLiteral("card")) };
}

} // namespace tessera::server
