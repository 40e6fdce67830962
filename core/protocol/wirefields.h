#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace tessera {

// Reads the fields of one wire object (an event, a news post, a survey, a home card) the way the
// client checks them, and keeps the first problem in plain words: "a post has no valid id" before
// the id is known, then "post news_1: its title is not a text of 1 to 200 characters". Every read
// answers whether the field was good and leaves *into alone when it was not; after a problem every
// read answers false, so a chain of reads stops at the first one. Texts are counted in characters
// (code points, not UTF-16 units). An absent field and null are the same for an optional one.
class WireFields
{
public:
    // noun names the object in problems ("event", "post", "survey", "card").
    WireFields(const QJsonObject &object, QString noun);

    // The id: prefix followed by letters, digits, '.', '_' or '-', at most maxLength UTF-16 units
    // (an empty prefix: any non-empty text); "a post has no valid id". Later problems name it.
    bool id(QStringView prefix, qsizetype maxLength, QString *into);

    // A text of min to max characters; absent is "" when min is 0. "its title is not a text of 1
    // to 200 characters" / "its summary is not a text of at most 500 characters".
    bool text(const char *name, qsizetype min, qsizetype max, QString *into);
    // true or false; "its pinned is not true or false" unless problem says otherwise.
    bool flag(const char *name, bool *into, const QString &problem = {});
    // An RFC 3339 time, in UTC; "its publishedAt is not an RFC 3339 time" unless problem says
    // otherwise.
    bool time(const char *name, QDateTime *into, const QString &problem = {});
    // null (absent: as null) or an RFC 3339 time; "its expiresAt is neither null nor an RFC 3339
    // time".
    bool optionalTime(const char *name, QDateTime *into);
    // A whole JSON number from min to max; problem says what is wrong ("its sequence is not a
    // whole number").
    bool whole(const char *name, qint64 min, qint64 max, qint64 *into, const QString &problem);
    // null (absent: as null) or a whole number from min to max.
    bool optionalWhole(
        const char *name, qint64 min, qint64 max, qint64 *into, const QString &problem);
    // The version: a whole number from 1 (to 9e15); "its version is not a positive integer".
    bool version(qint64 *into);
    // null (absent: as null) or an https URL of at most maxLength without user info; "its
    // onlineUrl is neither null nor an https URL".
    bool optionalHttpsUrl(const char *name, qsizetype maxLength, QString *into);
    // null (absent: as null) or an https URL of the server's media (/v1/media/...) of at most
    // maxLength, without user info or fragment; "its image is neither null nor an https media
    // URL".
    bool optionalMediaUrl(const char *name, qsizetype maxLength, QString *into);
    // source.name, a text of at most maxLength characters; "its source has no name".
    bool sourceName(qsizetype maxLength, QString *into);

    // The raw value, for what only one object has.
    QJsonValue value(const char *name) const { return m_object.value(QLatin1StringView(name)); }
    // Records what (after "post news_1: ") as the problem unless there is one; answers false.
    bool fail(const QString &what);

    bool ok() const { return m_problem.isEmpty(); }
    // The first problem; "" while there is none.
    QString problem() const { return m_problem; }
    // Writes the problem to *problem (when given) and answers nullopt: the end of a fromJson.
    template<typename T>
    std::optional<T> refuse(QString *problem) const
    {
        if (problem)
            *problem = m_problem;
        return std::nullopt;
    }
    // fail(what), then refuse(problem).
    template<typename T>
    std::optional<T> refuse(QString *problem, const QString &what)
    {
        fail(what);
        return refuse<T>(problem);
    }

    // Characters (code points) in text: a surrogate pair counts once.
    static qsizetype characters(const QString &text);
    // value is a text of min to max characters, or absent when min is 0 (*into left ""); null is
    // no text.
    static bool readText(const QJsonValue &value, qsizetype min, qsizetype max, QString *into);
    // value is a whole JSON number from min to max.
    static std::optional<qint64> wholeNumber(const QJsonValue &value, qint64 min, qint64 max);
    static bool isHttpsUrl(const QString &text, qsizetype maxLength);
    static bool isMediaUrl(const QString &text, qsizetype maxLength);

    static constexpr qint64 maxVersion = 9'000'000'000'000'000;

private:
    static bool isAbsent(const QJsonValue &value) { return value.isNull() || value.isUndefined(); }
    bool failOr(const QString &problem, const QString &otherwise);
    // null (absent: as null), or a text isGood takes; what: what it should be ("an https URL").
    bool optionalUrl(const char *name, bool (*isGood)(const QString &, qsizetype),
        qsizetype maxLength, const char *what, QString *into);

    QJsonObject m_object;
    QString m_noun;
    QString m_subject; // "post news_1" once the id is read
    QString m_problem;
};

} // namespace tessera
