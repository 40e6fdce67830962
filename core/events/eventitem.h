#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace tessera {

// One event as GET /v1/events gives it (the events wire contract, Event): the server's id, a
// plain-text title, a description in the Adaptive Cards markdown subset (kept as text, shown only
// through the card engine's markdown runs), start and end (UTC) with the IANA time zone they are
// planned in, a place (site, room) and/or an https online link, the capacity (0: unlimited), when
// RSVPs close, cancelled, version and iCalendar sequence, the person's own answer and waiting
// place, and the sub-system's name. Every text stays text: nothing here is ever read as HTML.
struct EventItem
{
    QString id;
    QString title;
    QString description; // markdown subset, "" for none
    QDateTime start; // UTC
    QDateTime end; // UTC, after start
    QString timeZone; // an IANA id QTimeZone knows
    bool hasPlace = false;
    QString site;
    QString room;
    QString onlineUrl; // https, "" for none
    int capacity = 0; // 0: unlimited
    QDateTime rsvpClosesAt; // UTC
    bool cancelled = false;
    qint64 version = 0;
    qint64 sequence = 0;
    QString myAnswer; // going, maybe, no, waiting or "" (not answered)
    int waitingPlace = 0; // 1 = next; 0 when not waiting
    QString source; // the sub-system's name

    static constexpr qsizetype maxIdLength = 128;
    static constexpr qsizetype maxTitleLength = 200;
    static constexpr qsizetype maxDescriptionLength = 32768;
    static constexpr qsizetype maxPlaceLength = 100;
    static constexpr qsizetype maxUrlLength = 2048;
    static constexpr qsizetype maxSourceLength = 200;
    static constexpr qint64 maxDurationSeconds = qint64 { 14 } * 24 * 60 * 60;

    // Reads and checks one event of a page (or of GET /v1/events/{id}): every field's type and
    // length (characters counted as code points), the times (end after start, at most 14 days
    // later), the time zone (one QTimeZone knows), the place, the online link (https only), the
    // capacity, the answer and its waiting place. nullopt with *problem set (in plain words, with
    // the event's id when it has one) for anything else. Unknown fields are ignored.
    static std::optional<EventItem> fromJson(const QJsonObject &json, QString *problem);

    // "going", "maybe" or "no": what a person may send; with "waiting": what the server answers.
    static bool isRequestAnswer(const QString &answer);
    static bool isAnswer(const QString &answer);

    QTimeZone zone() const { return QTimeZone(timeZone.toUtf8()); }
    bool isOnline() const { return !onlineUrl.isEmpty(); }
    // RSVPs are taken at now (not cancelled and not after rsvpClosesAt).
    bool rsvpOpenAt(const QDateTime &now) const { return !cancelled && now < rsvpClosesAt; }
    // "site, room" of what there is; "" without a place.
    QString placeText() const;
    // The description as a card of one wrapping TextBlock, for the card engine's markdown runs;
    // an empty object when there is none or CardParser refuses it (then it is shown as plain
    // text).
    QJsonObject descriptionCard() const;
    // The description's markdown as plain text (links as "text (url)"), for a calendar file.
    QString descriptionPlainText() const;
    QJsonObject toJson() const;
};

} // namespace tessera
