#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The checks of what a sub-system publishes for an audience (a news post, an event), shared so
// that each is validated alike: text as a card's TextBlock is (core's CardParser: the Adaptive
// Cards markdown subset, no HTML, links https to allowed hosts only), a link as a card's
// Action.OpenUrl, RFC 3339 times. A problem is the error code, the JSON path inside the request
// body and a sentence (a 422 {error, message, path}).
class PublishingCheck
{
public:
    struct Problem
    {
        QString code;
        QString path;
        QString message;
    };

    static QString invalidField(); // "invalid_field"

    // The string field of body: its value, or nullopt with *problem set (absent: empty unless
    // required; required: at least one character). Checked as a TextBlock's text.
    static std::optional<QString> text(const QJsonObject &body, const QString &field, bool required,
        qsizetype maxLength, const QStringList &allowedHosts, Problem *problem,
        const QString &pathPrefix = QStringLiteral("$."));
    // The first problem of element as a card's only element, or an empty message.
    static QString problemOf(const QJsonObject &element, const QStringList &allowedHosts);
    // The first problem of url as a card's Action.OpenUrl, or an empty message.
    static QString linkProblem(const QString &url, const QStringList &allowedHosts);
    // An RFC 3339 time with its offset; nullopt for anything else.
    static std::optional<QDateTime> time(const QJsonValue &value);

    // The pieces of a card made of published text.
    static QJsonObject cardOf(const QJsonArray &body);
    static QJsonObject textBlock(const QString &text);
    static QJsonObject imageElement(const QString &url);
};

} // namespace tessera::server
