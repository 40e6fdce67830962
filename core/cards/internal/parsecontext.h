#pragma once
// The state of one parse: problems and report entries with their paths, the card's link list,
// the element count, and typed readers of JSON properties that record a problem for a value of
// the wrong type instead of reading it as empty.
#include "cards/cardparser.h"
#include "cards/cardparseresult.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1String>
#include <QStringList>

#include <optional>

namespace tessera::cards::internal {

class ParseContext
{
public:
    explicit ParseContext(const CardParserOptions &options);

    const CardParserOptions &options() const { return m_options; }
    CardParseResult &result() { return m_result; }

    void problem(const QString &path, const QString &message);
    void report(
        const QString &path, const QString &type, CardOutcome outcome, const QString &detail = {});
    // Counts one element or action; false (and a problem) past maxCardElements.
    bool count(const QString &path);

    // Typed properties: absent gives the fallback, the wrong type a problem and the fallback.
    QString string(const QJsonObject &object, const QString &path, QLatin1String key,
        const QString &fallback = {});
    // A string shown to people: HTML is a problem.
    QString text(const QJsonObject &object, const QString &path, QLatin1String key);
    bool boolean(const QJsonObject &object, const QString &path, QLatin1String key, bool fallback);
    std::optional<double> number(const QJsonObject &object, const QString &path, QLatin1String key);
    int count(const QJsonObject &object, const QString &path, QLatin1String key);
    // One of allowed (compared case-insensitively, answered as written in allowed); another
    // value is ignored (the spec's rule for unknown enum values) and gives fallback.
    QString choice(const QJsonObject &object, const QString &path, QLatin1String key,
        const QStringList &allowed, const QString &fallback = {});
    // A column's width: "auto", "stretch", a weight (a number) or pixels ("50px"); another value
    // is ignored and gives an empty string.
    QString width(const QJsonObject &object, const QString &path, const QString &type);
    // A link: https, no user info, its host allowed. Answers its index in the card's links or -1.
    int link(const QJsonObject &object, const QString &path, QLatin1String key, bool required);
    int link(const QString &url, const QString &path);

    // The texts of secret TextBlocks and facts read so far, and whether text holds one of them
    // (of 4 characters or more: a shorter one would match ordinary words).
    void addSecret(const QString &text);
    bool holdsSecret(const QString &text) const;

    // Reports each property of object not in known as ignored.
    void ignoreUnknown(const QJsonObject &object, const QString &path, const QString &type,
        const QStringList &known);

    static QString member(const QString &path, QLatin1String key);
    static QString index(const QString &path, qsizetype i);
    static bool looksLikeHtml(const QString &text);

private:
    CardParserOptions m_options;
    CardParseResult m_result;
    int m_count = 0;
    QStringList m_secrets;
};

} // namespace tessera::cards::internal
