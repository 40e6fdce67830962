#include "push/pushmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace tessera {

namespace {

std::optional<PushMessage> fail(QString *reason, const QString &why)
{
    if (reason != nullptr)
        *reason = why;
    return std::nullopt;
}

// Plain text of one line: no control characters (a notification daemon gets it escaped; a
// line break or an escape sequence is not a title).
bool isPlainText(const QString &text, qsizetype maxBytes)
{
    if (text.toUtf8().size() > maxBytes)
        return false;
    for (const QChar c : text) {
        const char16_t code = c.unicode();
        if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code == 0x2028 || code == 0x2029)
            return false;
    }
    return true;
}

bool onlyKeys(const QJsonObject &object, const QSet<QString> &allowed)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        if (!allowed.contains(it.key()))
            return false;
    return true;
}

} // namespace

bool PushMessage::isItemId(const QString &id)
{
    static const QRegularExpression shape(QStringLiteral("^ntf_[A-Za-z0-9_-]{16,64}$"));
    return shape.match(id).hasMatch();
}

std::optional<PushMessage> PushMessage::parse(const QByteArray &plaintext, QString *reason)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(plaintext, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(reason, QStringLiteral("not a JSON object"));
    const QJsonObject json = document.object();
    const QString idKey = QStringLiteral("id");
    const QString titleKey = QStringLiteral("title");
    const QString actionsKey = QStringLiteral("actions");
    if (!onlyKeys(json, { idKey, titleKey, actionsKey }))
        return fail(reason, QStringLiteral("an unknown field"));
    const QJsonValue id = json.value(idKey);
    if (!id.isString() || !isItemId(id.toString()))
        return fail(reason, QStringLiteral("no item id of the right shape"));
    PushMessage message;
    message.itemId = id.toString();
    if (json.size() == 1) {
        message.hint = true;
        return message;
    }
    const QJsonValue title = json.value(titleKey);
    if (!title.isString() || title.toString().trimmed().isEmpty()
        || !isPlainText(title.toString(), maxTitleBytes))
        return fail(reason,
            QStringLiteral("the title is not plain text of at most %1 bytes").arg(maxTitleBytes));
    message.title = title.toString();
    const QJsonValue actions = json.value(actionsKey);
    if (actions.isUndefined())
        return message;
    if (!actions.isArray() || actions.toArray().size() > maxActions)
        return fail(reason, QStringLiteral("the actions are not a list of at most two"));
    QSet<QString> seen;
    const QJsonArray list = actions.toArray();
    for (const auto &each : list) {
        const QJsonObject action = each.toObject();
        const QString actionId = action.value(idKey).toString();
        const QJsonValue label = action.value(QStringLiteral("label"));
        if (!each.isObject() || !onlyKeys(action, { idKey, QStringLiteral("label") })
            || (actionId != u"approve" && actionId != u"reject") || seen.contains(actionId)
            || !label.isString() || !isPlainText(label.toString(), maxLabelBytes))
            return fail(reason, QStringLiteral("an action that is not approve or reject"));
        seen.insert(actionId);
        message.actions.append({ actionId, label.toString() });
    }
    return message;
}

} // namespace tessera
