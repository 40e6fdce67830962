#include "events/eventitem.h"

#include "cards/cardmarkdown.h"
#include "cards/cardparser.h"
#include "protocol/wiretime.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

namespace tessera {

namespace {

qsizetype characters(const QString &text)
{
    qsizetype count = 0;
    for (auto it = text.cbegin(); it != text.cend(); ++it) {
        if (it->isHighSurrogate() && it + 1 != text.cend() && (it + 1)->isLowSurrogate())
            ++it;
        ++count;
    }
    return count;
}

bool isEventId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^evt_[A-Za-z0-9._-]+$"));
    return id.size() <= EventItem::maxIdLength && pattern.match(id).hasMatch();
}

bool isHttpsUrl(const QString &text)
{
    if (text.size() > EventItem::maxUrlLength)
        return false;
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && url.scheme() == u"https" && !url.host().isEmpty()
        && url.userInfo().isEmpty();
}

// A non-negative whole number of at most max (a JSON number), or nullopt.
std::optional<qint64> wholeNumber(const QJsonValue &value, double min, double max)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < min || number > max || number != std::floor(number))
        return std::nullopt;
    return static_cast<qint64>(number);
}

} // namespace

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
    const auto fail = [problem](const QString &message) -> std::optional<EventItem> {
        if (problem)
            *problem = message;
        return std::nullopt;
    };
    EventItem event;
    const QJsonValue id = json.value(QStringLiteral("id"));
    if (!id.isString() || !isEventId(id.toString()))
        return fail(QStringLiteral("an event has no valid id"));
    event.id = id.toString();
    const auto bad = [&](const QString &what) {
        return fail(QStringLiteral("event %1: %2").arg(event.id, what));
    };
    const auto text = [&](const QJsonValue &value, qsizetype min, qsizetype max, QString *into) {
        if (value.isUndefined() && min == 0)
            return true; // absent: ""
        if (!value.isString())
            return false;
        const qsizetype length = characters(value.toString());
        if (length < min || length > max)
            return false;
        *into = value.toString();
        return true;
    };
    if (!text(json.value(QStringLiteral("title")), 1, maxTitleLength, &event.title))
        return bad(QStringLiteral("its title is not a text of 1 to 200 characters"));
    if (!text(
            json.value(QStringLiteral("description")), 0, maxDescriptionLength, &event.description))
        return bad(QStringLiteral("its description is not a text of at most 32768 characters"));

    const auto time = [&json](const char *name) -> std::optional<QDateTime> {
        const QJsonValue value = json.value(QLatin1StringView(name));
        return value.isString() ? wiretime::parse(value.toString()) : std::nullopt;
    };
    const std::optional<QDateTime> start = time("start");
    const std::optional<QDateTime> end = time("end");
    if (!start || !end)
        return bad(QStringLiteral("its start or end is not an RFC 3339 time"));
    if (*end <= *start || start->secsTo(*end) > maxDurationSeconds)
        return bad(QStringLiteral("its end is not after its start, within 14 days"));
    event.start = start->toUTC();
    event.end = end->toUTC();
    const std::optional<QDateTime> closes = time("rsvpClosesAt");
    if (!closes)
        return bad(QStringLiteral("its rsvpClosesAt is not an RFC 3339 time"));
    event.rsvpClosesAt = closes->toUTC();

    const QJsonValue zone = json.value(QStringLiteral("timeZone"));
    if (!zone.isString() || zone.toString().isEmpty() || zone.toString().size() > 64
        || !QTimeZone::isTimeZoneIdAvailable(zone.toString().toUtf8()))
        return bad(QStringLiteral("its timeZone is not a time zone this device knows"));
    event.timeZone = zone.toString();

    const QJsonValue place = json.value(QStringLiteral("place"));
    if (!place.isNull() && !place.isUndefined()) {
        const QJsonObject object = place.toObject();
        if (!place.isObject()
            || !text(object.value(QStringLiteral("site")), 0, maxPlaceLength, &event.site)
            || !text(object.value(QStringLiteral("room")), 0, maxPlaceLength, &event.room))
            return bad(QStringLiteral("its place is neither null nor a site and room of at most "
                                      "100 characters"));
        event.hasPlace = true;
    }
    const QJsonValue online = json.value(QStringLiteral("onlineUrl"));
    if (!online.isNull() && !online.isUndefined()) {
        if (!online.isString() || !isHttpsUrl(online.toString()))
            return bad(QStringLiteral("its onlineUrl is neither null nor an https URL"));
        event.onlineUrl = online.toString();
    }
    const QJsonValue capacity = json.value(QStringLiteral("capacity"));
    if (!capacity.isNull() && !capacity.isUndefined()) {
        const std::optional<qint64> value = wholeNumber(capacity, 1, 1e9);
        if (!value)
            return bad(QStringLiteral("its capacity is neither null nor a whole number from 1"));
        event.capacity = int(*value);
    }

    const QJsonValue cancelled = json.value(QStringLiteral("cancelled"));
    if (!cancelled.isBool())
        return bad(QStringLiteral("its cancelled is not true or false"));
    event.cancelled = cancelled.toBool();
    const std::optional<qint64> version =
        wholeNumber(json.value(QStringLiteral("version")), 1, 9e15);
    if (!version)
        return bad(QStringLiteral("its version is not a positive integer"));
    event.version = *version;
    const std::optional<qint64> sequence =
        wholeNumber(json.value(QStringLiteral("sequence")), 0, 9e15);
    if (!sequence)
        return bad(QStringLiteral("its sequence is not a whole number"));
    event.sequence = *sequence;

    const QJsonValue answer = json.value(QStringLiteral("myAnswer"));
    if (!answer.isNull() && !answer.isUndefined()) {
        if (!answer.isString() || !isAnswer(answer.toString()))
            return bad(QStringLiteral("its myAnswer is not going, maybe, no, waiting or null"));
        event.myAnswer = answer.toString();
    }
    const QJsonValue place2 = json.value(QStringLiteral("waitingPlace"));
    if (!place2.isNull() && !place2.isUndefined()) {
        const std::optional<qint64> value = wholeNumber(place2, 1, 1e9);
        if (!value)
            return bad(QStringLiteral("its waitingPlace is neither null nor a number from 1"));
        event.waitingPlace = int(*value);
    }
    if ((event.myAnswer == u"waiting") != (event.waitingPlace > 0))
        return bad(QStringLiteral("its waitingPlace does not go with its answer"));

    const QJsonValue source =
        json.value(QStringLiteral("source")).toObject().value(QStringLiteral("name"));
    if (!source.isString() || characters(source.toString()) > maxSourceLength)
        return bad(QStringLiteral("its source has no name"));
    event.source = source.toString();
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
