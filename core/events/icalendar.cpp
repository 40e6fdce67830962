#include "events/icalendar.h"

#include "events/eventitem.h"

#include <QTimeZone>

#include <cstdlib>

namespace tessera {

namespace {

constexpr qsizetype maxOctets = 75;

QString localStamp(const QDateTime &time)
{
    return time.toString(QStringLiteral("yyyyMMdd'T'HHmmss"));
}

QString utcStamp(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

// ±HHMM (±HHMMSS when the offset has seconds).
QString offset(int seconds)
{
    const QChar sign = seconds < 0 ? QLatin1Char('-') : QLatin1Char('+');
    const int magnitude = std::abs(seconds);
    QString text = QStringLiteral("%1%2%3")
                       .arg(sign)
                       .arg(magnitude / 3600, 2, 10, QLatin1Char('0'))
                       .arg(magnitude / 60 % 60, 2, 10, QLatin1Char('0'));
    if (magnitude % 60 != 0)
        text += QStringLiteral("%1").arg(magnitude % 60, 2, 10, QLatin1Char('0'));
    return text;
}

// The wall-clock time at utc in a zone offset by seconds (printed without a zone: what DTSTART of
// an observance wants).
QDateTime atOffset(const QDateTime &utc, int seconds)
{
    return utc.toUTC().addSecs(seconds);
}

void observance(QList<QByteArray> &lines, const char *kind, const QDateTime &onset, int from,
    int to, const QString &name)
{
    lines.append(QByteArray("BEGIN:") + kind);
    lines.append(QStringLiteral("DTSTART:%1").arg(localStamp(onset)).toUtf8());
    lines.append(QStringLiteral("TZOFFSETFROM:%1").arg(offset(from)).toUtf8());
    lines.append(QStringLiteral("TZOFFSETTO:%1").arg(offset(to)).toUtf8());
    if (!name.isEmpty())
        lines.append(QStringLiteral("TZNAME:%1").arg(ICalendar::escapeText(name)).toUtf8());
    lines.append(QByteArray("END:") + kind);
}

// The zone's observances around the event: its transitions from a year before the start until a
// year after the end (both kinds of a zone with DST, and the one in effect at the start), or one
// STANDARD when it has none there.
void timeZone(QList<QByteArray> &lines, const QTimeZone &zone, const EventItem &event)
{
    lines.append("BEGIN:VTIMEZONE");
    lines.append(QStringLiteral("TZID:%1").arg(event.timeZone).toUtf8());
    const QTimeZone::OffsetDataList transitions = zone.hasTransitions()
        ? zone.transitions(event.start.addYears(-1), event.end.addYears(1))
        : QTimeZone::OffsetDataList();
    if (transitions.isEmpty()) {
        const int at = zone.offsetFromUtc(event.start);
        observance(lines, "STANDARD", QDateTime(QDate(1970, 1, 1), QTime(0, 0)), at, at,
            zone.abbreviation(event.start));
    } else {
        for (const QTimeZone::OffsetData &transition : transitions) {
            const int from = zone.offsetFromUtc(transition.atUtc.addSecs(-1));
            observance(lines, transition.daylightTimeOffset != 0 ? "DAYLIGHT" : "STANDARD",
                atOffset(transition.atUtc, from), from, transition.offsetFromUtc,
                transition.abbreviation);
        }
    }
    lines.append("END:VTIMEZONE");
}

} // namespace

QString ICalendar::escapeText(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 16);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\':
            escaped += QStringLiteral("\\\\");
            break;
        case ';':
            escaped += QStringLiteral("\\;");
            break;
        case ',':
            escaped += QStringLiteral("\\,");
            break;
        case '\n':
            escaped += QStringLiteral("\\n");
            break;
        default:
            // Other control characters (a CR, a NUL ...) have no place in a TEXT value.
            if ((c.unicode() >= 0x20 && c.unicode() != 0x7f) || c == u'\t')
                escaped += c;
        }
    }
    return escaped;
}

QByteArray ICalendar::fold(const QByteArray &line)
{
    QByteArray folded;
    qsizetype position = 0;
    qsizetype room = maxOctets;
    while (line.size() - position > room) {
        qsizetype cut = position + room;
        // Never inside a UTF-8 sequence: back to the start of the character at the cut.
        while (cut > position && (static_cast<unsigned char>(line.at(cut)) & 0xC0) == 0x80)
            --cut;
        folded += line.mid(position, cut - position);
        folded += "\r\n ";
        position = cut;
        room = maxOctets - 1; // the leading space counts
    }
    folded += line.mid(position);
    folded += "\r\n";
    return folded;
}

QByteArray ICalendar::write(
    const EventItem &event, const QString &serverHost, const QDateTime &stamp)
{
    const QTimeZone zone = event.zone();
    QList<QByteArray> lines {
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tessera//Tessera//EN",
        event.cancelled ? "METHOD:CANCEL" : "METHOD:PUBLISH",
        "CALSCALE:GREGORIAN",
    };
    timeZone(lines, zone, event);
    const auto text = [&lines](const char *name, const QString &value) {
        lines.append(QByteArray(name) + ':' + escapeText(value).toUtf8());
    };
    lines.append("BEGIN:VEVENT");
    text("UID", QStringLiteral("%1@%2").arg(event.id, serverHost));
    lines.append("DTSTAMP:" + utcStamp(stamp).toUtf8());
    const QByteArray tzid = event.timeZone.toUtf8();
    lines.append("DTSTART;TZID=" + tzid + ':' + localStamp(event.start.toTimeZone(zone)).toUtf8());
    lines.append("DTEND;TZID=" + tzid + ':' + localStamp(event.end.toTimeZone(zone)).toUtf8());
    text("SUMMARY", event.title);
    const QString description = event.descriptionPlainText();
    if (!description.isEmpty())
        text("DESCRIPTION", description);
    const QString place = event.placeText();
    if (!place.isEmpty())
        text("LOCATION", place);
    if (event.isOnline())
        lines.append("URL:" + event.onlineUrl.toUtf8());
    lines.append("SEQUENCE:" + QByteArray::number(event.sequence));
    lines.append(event.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    lines.append("END:VEVENT");
    lines.append("END:VCALENDAR");

    QByteArray file;
    for (const QByteArray &line : std::as_const(lines))
        file += fold(line);
    return file;
}

} // namespace tessera
