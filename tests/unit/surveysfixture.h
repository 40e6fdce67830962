#pragma once

// What the Surveys unit tests share: surveys shaped as the wire contract's Survey
// (GET /v1/surveys), and a "surveys" database on real SQLCipher files.
#include "storage/database.h"
#include "storage/databaseschema.h"
#include "surveys/survey.h"
#include "surveys/surveymigrations.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

namespace tessera::test {

// A form of three inputs: mood (a required choice of good/ok/bad), score (a number 1..10) and a
// free text comment; one Action.Submit.
inline QJsonObject surveyCard()
{
    const auto choice = [](const QString &value) {
        return QJsonObject { { QStringLiteral("title"), value },
            { QStringLiteral("value"), value } };
    };
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray {
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.ChoiceSet") },
                    { QStringLiteral("id"), QStringLiteral("mood") },
                    { QStringLiteral("label"), QStringLiteral("How was the week?") },
                    { QStringLiteral("isRequired"), true },
                    { QStringLiteral("choices"),
                        QJsonArray { choice(QStringLiteral("good")), choice(QStringLiteral("ok")),
                            choice(QStringLiteral("bad")) } } },
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.Number") },
                    { QStringLiteral("id"), QStringLiteral("score") },
                    { QStringLiteral("label"), QStringLiteral("Score") },
                    { QStringLiteral("min"), 1 }, { QStringLiteral("max"), 10 } },
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.Text") },
                    { QStringLiteral("id"), QStringLiteral("comment") },
                    { QStringLiteral("label"), QStringLiteral("Anything else?") },
                    { QStringLiteral("isMultiline"), true } },
            } },
        { QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                { QStringLiteral("title"), QStringLiteral("Send") } } } } };
}

// A survey as GET /v1/surveys gives it.
inline QJsonObject wireSurvey(const QString &id, const QString &closesAt, bool anonymous = false,
    bool editable = false, bool answered = false, bool closed = false)
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("title"), QStringLiteral("Survey %1").arg(id) },
        { QStringLiteral("card"), surveyCard() },
        { QStringLiteral("closesAt"), closesAt },
        { QStringLiteral("closed"), closed },
        { QStringLiteral("anonymous"), anonymous },
        { QStringLiteral("editable"), editable },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("answered"), answered },
        { QStringLiteral("myAnswer"), QJsonValue() },
        { QStringLiteral("source"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("People team") } } },
    };
}

inline Survey survey(const QJsonObject &json)
{
    QString problem;
    const std::optional<Survey> parsed = Survey::fromJson(json, &problem);
    if (!parsed)
        qFatal("test survey refused: %s", qPrintable(problem));
    return *parsed;
}

inline DatabaseSchema surveysSchema()
{
    DatabaseSchema schema = DatabaseSchema::base();
    schema.add(QStringLiteral("surveys"), surveyMigrations());
    return schema;
}

} // namespace tessera::test
