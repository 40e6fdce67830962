#include "events/eventitem.h"

#include "cards/cardmarkdown.h"
#include "cards/cardparser.h"
#include "protocol/wirefields.h"
#include "protocol/wiretime.h"

#include <QJsonArray>

namespace tessera {

bool EventItem::isRequestAnswer(const QString &answer)
{
    return answer == u"going" || answer == u"maybe" || answer == u"no";
}

bool EventItem::isAnswer(const QString &answer)
{
    return isRequestAnswer(answer) || answer == u"waiting";
}

std::optional<EventItem> EventItem::fromJson(const QJsonObject &json, QString *problem)
{
    EventItem event;
    WireFields fields(json, QStringLiteral("event"));
    if (!fields.id(u"evt_", maxIdLength, &event.id)
        || !fields.text("title", 1, maxTitleLength, &event.title)
        || !fields.text("description", 0, maxDescriptionLength, &event.description))
        return fields.refuse<EventItem>(problem);

    const QString startOrEnd = QStringLiteral("its start or end is not an RFC 3339 time");
    if (!fields.time("start", &event.start, startOrEnd)
        || !fields.time("end", &event.end, startOrEnd))
        return fields.refuse<EventItem>(problem);
    if (event.end <= event.start || event.start.secsTo(event.end) > maxDurationSeconds)
        return fields.refuse<EventItem>(
            problem, QStringLiteral("its end is not after its start, within 14 days"));
    if (!fields.time("rsvpClosesAt", &event.rsvpClosesAt))
        return fields.refuse<EventItem>(problem);

    const QJsonValue zone = fields.value("timeZone");
    if (!zone.isString() || zone.toString().isEmpty() || zone.toString().size() > 64
        || !QTimeZone::isTimeZoneIdAvailable(zone.toString().toUtf8()))
        return fields.refuse<EventItem>(
            problem, QStringLiteral("its timeZone is not a time zone this device knows"));
    event.timeZone = zone.toString();

    const QJsonValue place = fields.value("place");
    if (!place.isNull() && !place.isUndefined()) {
        const QJsonObject object = place.toObject();
        if (!place.isObject()
            || !WireFields::readText(
                object.value(QLatin1StringView("site")), 0, maxPlaceLength, &event.site)
            || !WireFields::readText(
                object.value(QLatin1StringView("room")), 0, maxPlaceLength, &event.room))
            return fields.refuse<EventItem>(problem,
                QStringLiteral("its place is neither null nor a site and room of at most "
                               "100 characters"));
        event.hasPlace = true;
    }
    qint64 capacity = 0;
    qint64 waitingPlace = 0;
    if (!fields.optionalHttpsUrl("onlineUrl", maxUrlLength, &event.onlineUrl)
        || !fields.optionalWhole("capacity", 1, 1'000'000'000, &capacity,
            QStringLiteral("its capacity is neither null nor a whole number from 1"))
        || !fields.flag("cancelled", &event.cancelled) || !fields.version(&event.version)
        || !fields.whole("sequence", 0, WireFields::maxVersion, &event.sequence,
            QStringLiteral("its sequence is not a whole number")))
        return fields.refuse<EventItem>(problem);
    event.capacity = int(capacity);

    const QJsonValue answer = fields.value("myAnswer");
    if (!answer.isNull() && !answer.isUndefined()) {
        if (!answer.isString() || !isAnswer(answer.toString()))
            return fields.refuse<EventItem>(
                problem, QStringLiteral("its myAnswer is not going, maybe, no, waiting or null"));
        event.myAnswer = answer.toString();
    }
    if (!fields.optionalWhole("waitingPlace", 1, 1'000'000'000, &waitingPlace,
            QStringLiteral("its waitingPlace is neither null nor a number from 1")))
        return fields.refuse<EventItem>(problem);
    event.waitingPlace = int(waitingPlace);
    if ((event.myAnswer == u"waiting") != (event.waitingPlace > 0))
        return fields.refuse<EventItem>(
            problem, QStringLiteral("its waitingPlace does not go with its answer"));
    if (!fields.sourceName(maxSourceLength, &event.source))
        return fields.refuse<EventItem>(problem);
    return event;
}

QString EventItem::placeText() const
{
    QStringList parts;
    for (const QString &part : { site, room })
        if (!part.trimmed().isEmpty())
            parts.append(part.trimmed());
    return parts.join(QStringLiteral(", "));
}

QJsonObject EventItem::descriptionCard() const
{
    if (description.trimmed().isEmpty())
        return {};
    const QJsonObject wrapped {
        { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), description }, { QStringLiteral("wrap"), true } } } },
    };
    return cards::CardParser().parse(wrapped).isValid() ? wrapped : QJsonObject();
}

QString EventItem::descriptionPlainText() const
{
    QStringList links;
    const QList<cards::MarkdownBlock> blocks = cards::CardMarkdown::parse(description, links);
    QStringList lines;
    for (const cards::MarkdownBlock &block : blocks) {
        QString line;
        if (block.kind == cards::MarkdownBlock::Kind::Bullet)
            line = QStringLiteral("- ");
        else if (block.kind == cards::MarkdownBlock::Kind::Numbered)
            line = QStringLiteral("%1. ").arg(block.number);
        for (const cards::MarkdownRun &run : block.runs) {
            line += run.text;
            if (run.link >= 0 && run.link < links.size() && links.at(run.link) != run.text)
                line += QStringLiteral(" (%1)").arg(links.at(run.link));
        }
        lines.append(line);
    }
    return lines.join(QLatin1Char('\n'));
}

QJsonObject EventItem::toJson() const
{
    const auto orNull = [](const QString &text) {
        return text.isEmpty() ? QJsonValue() : QJsonValue(text);
    };
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("title"), title },
        { QStringLiteral("description"), description },
        { QStringLiteral("start"), wiretime::format(start) },
        { QStringLiteral("end"), wiretime::format(end) },
        { QStringLiteral("timeZone"), timeZone },
        { QStringLiteral("place"),
            hasPlace ? QJsonValue(
                QJsonObject { { QStringLiteral("site"), site }, { QStringLiteral("room"), room } })
                     : QJsonValue() },
        { QStringLiteral("onlineUrl"), orNull(onlineUrl) },
        { QStringLiteral("capacity"), capacity > 0 ? QJsonValue(capacity) : QJsonValue() },
        { QStringLiteral("rsvpClosesAt"), wiretime::format(rsvpClosesAt) },
        { QStringLiteral("cancelled"), cancelled },
        { QStringLiteral("version"), version },
        { QStringLiteral("sequence"), sequence },
        { QStringLiteral("myAnswer"), orNull(myAnswer) },
        { QStringLiteral("waitingPlace"),
            waitingPlace > 0 ? QJsonValue(waitingPlace) : QJsonValue() },
        { QStringLiteral("source"), QJsonObject { { QStringLiteral("name"), source } } },
    };
}

} // namespace tessera
