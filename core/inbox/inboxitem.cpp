#include "inbox/inboxitem.h"

#include "base/logging.h"
#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"
#include "protocol/wiretime.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>
#include <QStringList>

namespace tessera {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("tessera::InboxItem", text);
}

QJsonValue textOrNull(const QString &text)
{
    return text.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(wiretime::format(time)) : QJsonValue(QJsonValue::Null);
}

QString whenText(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDateTime local = time.toLocalTime();
    const QLocale locale;
    if (local.date() == QDate::currentDate())
        return tr("at %1").arg(locale.toString(local.time(), QStringLiteral("HH:mm")));
    return tr("on %1 at %2")
        .arg(locale.toString(local.date(), QLocale::ShortFormat),
            locale.toString(local.time(), QStringLiteral("HH:mm")));
}

} // namespace

std::optional<InboxItem> InboxItem::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<InboxItem> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const auto text = [&json](const char *name) {
        const QJsonValue value = json.value(QLatin1String(name));
        return value.isString() ? value.toString() : QString();
    };
    const auto time = [&json](const char *name) -> std::optional<QDateTime> {
        const QJsonValue value = json.value(QLatin1String(name));
        if (value.isNull() || value.isUndefined())
            return QDateTime();
        if (!value.isString())
            return std::nullopt;
        return wiretime::parse(value.toString());
    };

    InboxItem item;
    item.id = text("id");
    if (item.id.isEmpty())
        return fail(QStringLiteral("an item has no id"));
    item.state = text("state");
    if (item.state.isEmpty())
        return fail(QStringLiteral("item %1 has no state").arg(item.id));
    const QJsonValue version = json.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() < 1)
        return fail(QStringLiteral("item %1 has no version").arg(item.id));
    item.version = static_cast<qint64>(version.toDouble());
    const auto created = time("createdAt");
    if (!created || !created->isValid())
        return fail(QStringLiteral("item %1 has no createdAt").arg(item.id));
    item.createdAt = *created;
    const auto expires = time("expiresAt");
    const auto decided = time("decidedAt");
    if (!expires || !decided)
        return fail(QStringLiteral("item %1 has a time that is not RFC 3339").arg(item.id));
    item.expiresAt = *expires;
    item.decidedAt = *decided;
    item.subsystem = text("subsystem");
    item.title = text("title");
    item.body = text("body");
    item.category = text("category");
    item.priority = text("priority");
    if (item.priority.isEmpty())
        item.priority = QStringLiteral("normal");
    item.actionable = json.value(QStringLiteral("actionable")).toBool();
    item.actions = json.value(QStringLiteral("actions")).toArray();
    item.data = json.value(QStringLiteral("data"));
    if (item.data.isUndefined())
        item.data = QJsonValue(QJsonValue::Null);
    item.decidedBy = text("decidedBy");
    item.decidedByName = text("decidedByName");
    item.decidedVia = text("decidedVia");
    item.decidedAction = text("decidedAction");
    item.card = checkedCard(item.id, json.value(QStringLiteral("card")), &item.formActions);
    // Absent (or not an object) reads as none.
    item.decidedInputs = json.value(QStringLiteral("decidedInputs")).toObject();
    return item;
}

QJsonObject InboxItem::checkedCard(
    const QString &itemId, const QJsonValue &card, QStringList *formActions)
{
    if (!card.isObject())
        return {};
    // As its text: the parser holds it to the 64 KiB limit too.
    const cards::CardParseResult parsed =
        cards::CardParser().parse(QJsonDocument(card.toObject()).toJson(QJsonDocument::Compact));
    if (parsed.isValid()) {
        if (formActions)
            *formActions = formActionsOfParsed(parsed.card);
        return card.toObject();
    }
    // The server checks cards with the same parser: only a card of a newer server is refused
    // here, and its item stays readable.
    const cards::CardProblem &first = parsed.problems.constFirst();
    qCInfo(lcInbox).noquote() << "item" << itemId
                              << "card dropped, the plain body shows:" << first.path
                              << first.message;
    return {};
}

QStringList InboxItem::formActionsOf(const QJsonObject &card)
{
    if (card.isEmpty())
        return {};
    return formActionsOfParsed(cards::CardParser().parse(card).card);
}

QStringList InboxItem::formActionsOfParsed(const cards::Card &card)
{
    QStringList ids;
    const QList<cards::SubmitAction> submits = cards::SubmissionValidator::submitActions(card);
    // Each name an action of the item may have (an id or a verb), judged by the submit action
    // the server takes for it (SubmissionValidator::findAction).
    for (const cards::SubmitAction &submit : submits) {
        for (const QString &name : { submit.action->id, submit.action->verb }) {
            if (name.isEmpty() || ids.contains(name))
                continue;
            const cards::SubmitAction *chosen =
                cards::SubmissionValidator::findAction(submits, name);
            if (chosen && !chosen->inputIds.isEmpty())
                ids.append(name);
        }
    }
    return ids;
}

QJsonObject InboxItem::toJson() const
{
    QJsonObject json {
        { QStringLiteral("id"), id },
        { QStringLiteral("subsystem"), subsystem },
        { QStringLiteral("title"), title },
        { QStringLiteral("body"), body },
        { QStringLiteral("category"), category },
        { QStringLiteral("priority"), priority },
        { QStringLiteral("createdAt"), timeOrNull(createdAt) },
        { QStringLiteral("expiresAt"), timeOrNull(expiresAt) },
        { QStringLiteral("actionable"), actionable },
        { QStringLiteral("actions"), actions },
        { QStringLiteral("data"), data },
        { QStringLiteral("state"), state },
        { QStringLiteral("decidedBy"), textOrNull(decidedBy) },
        { QStringLiteral("decidedByName"), textOrNull(decidedByName) },
        { QStringLiteral("decidedAt"), timeOrNull(decidedAt) },
        { QStringLiteral("decidedVia"), textOrNull(decidedVia) },
        { QStringLiteral("decidedAction"), textOrNull(decidedAction) },
        { QStringLiteral("version"), version },
    };
    if (hasCard()) // none: left out, as items before cards had it
        json.insert(QStringLiteral("card"), card);
    if (!decidedInputs.isEmpty()) // none: left out, as the server does
        json.insert(QStringLiteral("decidedInputs"), decidedInputs);
    return json;
}

QJsonObject InboxItem::action(const QString &actionId) const
{
    for (const auto &value : actions) {
        QJsonObject object = value.toObject();
        if (object.value(QStringLiteral("id")).toString() == actionId)
            return object;
    }
    return {};
}

QString InboxItem::describeVia(const QString &via)
{
    if (via.isEmpty())
        return {};
    if (via == u"cli")
        return tr("from the command line");
    if (via == u"api")
        return tr("through the sending system");
    if (via == u"web")
        return tr("on the web");
    const QString appPrefix = QStringLiteral("app · ");
    if (via.startsWith(appPrefix) && via.size() > appPrefix.size())
        return tr("on %1").arg(via.mid(appPrefix.size()));
    if (via == u"app")
        return tr("in the app");
    return tr("via %1").arg(via);
}

QString InboxItem::outcomeText(const InboxItem &current, const QString &errorCode)
{
    const QString when = whenText(current.decidedAt.isValid() ? current.decidedAt : QDateTime());
    if (current.state == u"approved" || current.state == u"rejected" || current.state == u"done") {
        QString what = current.state == u"approved" ? tr("approved")
            : current.state == u"rejected"          ? tr("rejected")
                                                    : tr("decided (%1)").arg(current.decidedAction);
        QStringList parts { tr("Already %1").arg(what) };
        if (!current.decidedByName.isEmpty())
            parts << tr("by %1").arg(current.decidedByName);
        else if (!current.decidedBy.isEmpty())
            parts << tr("by %1").arg(current.decidedBy);
        const QString via = describeVia(current.decidedVia);
        if (!via.isEmpty())
            parts << via;
        if (!when.isEmpty())
            parts << when;
        return parts.join(QLatin1Char(' '));
    }
    if (current.state == u"withdrawn")
        return tr("Withdrawn by the sender; nothing was decided.");
    if (current.state == u"expired")
        return tr("Expired before the decision reached the server.");
    if (errorCode == u"version_conflict")
        return tr("This request changed since you saw it: look again and decide anew.");
    return {};
}

} // namespace tessera
