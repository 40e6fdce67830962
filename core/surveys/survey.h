#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// One survey as GET /v1/surveys gives it (the surveys wire contract, Survey): the server's id, a
// plain-text title, the form card (an Adaptive Card that CardParser accepts, with at least one
// input and one submit action, as a self-service form), its closing time, whether the server has
// closed it, whether answers are anonymous or editable, its version, whether this person has
// answered and (named surveys only) their answer, and the sending sub-system's name.
struct Survey
{
    QString id;
    QString title;
    QJsonObject card;
    QDateTime closesAt;
    bool closed = false;
    bool anonymous = false;
    bool editable = false;
    qint64 version = 0;
    bool answered = false;
    QJsonObject myAnswer; // input id → value; empty: none (always for anonymous surveys)
    QString source;

    static constexpr qsizetype maxIdLength = 128;
    static constexpr qsizetype maxTitleLength = 200;
    static constexpr qsizetype maxSourceLength = 200;
    static constexpr qsizetype maxAnswerValues = 200;
    static constexpr qsizetype maxAnswerValueLength = 10000;

    // Reads and checks one survey of a page: every field's type and length, the time, the card
    // (CardParser, then a form: an input and a submit action), anonymous and editable not both,
    // myAnswer null for anonymous surveys and otherwise text or numbers by input id. nullopt with
    // *problem (plain words, with the survey's id when it has one) for anything else; unknown
    // fields are ignored.
    static std::optional<Survey> fromJson(const QJsonObject &json, QString *problem);
    QJsonObject toJson() const;

    // Closed by the server or past its closing time.
    bool isClosedAt(const QDateTime &now) const { return closed || closesAt <= now; }
    // Whether this person may (still) send an answer at now.
    bool canAnswerAt(const QDateTime &now) const
    {
        return !isClosedAt(now) && (!answered || editable);
    }
};

} // namespace tessera
