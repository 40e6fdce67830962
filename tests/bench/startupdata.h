#pragma once

// The start-up benchmark's data: the inbox items and Home cards the sides show.

#include "demoaccounts.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace tessera::bench::startupdata {

inline QJsonObject notification(int number, const QString &userId)
{
    static const char *const categories[] = { "leave", "expenses", "purchase", "it-access",
        "announcement" };
    const QString category = QString::fromLatin1(categories[number % 5]);
    const bool actionable = category != u"announcement";
    QJsonObject body {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { userId } } } },
        { QStringLiteral("title"),
            QStringLiteral("Request %1 (%2): please have a look before Friday")
                .arg(number)
                .arg(category) },
        { QStringLiteral("body"),
            QStringLiteral("Submitted by a colleague in Pune for the quarter's plan; the details "
                           "are in the attached record %1.")
                .arg(number) },
        { QStringLiteral("category"), category },
        { QStringLiteral("priority"),
            number % 7 == 0 ? QStringLiteral("high") : QStringLiteral("normal") },
        { QStringLiteral("actionable"), actionable },
        { QStringLiteral("reference"), QStringLiteral("BENCH-%1").arg(number) },
        { QStringLiteral("data"),
            QJsonObject { { QStringLiteral("amount"), number % 900 + 100 } } },
    };
    if (actionable) {
        body.insert(QStringLiteral("actions"), test::approveRejectActions());
        body.insert(QStringLiteral("delivery"), QStringLiteral("poll")); // no callback URL
    }
    return body;
}

// A Home card as the demo sub-systems put them: a heading, a few facts, a line of text, an action.
inline QJsonObject homeCard(int number)
{
    const QJsonArray facts {
        QJsonObject { { QStringLiteral("title"), QStringLiteral("Annual") },
            { QStringLiteral("value"), QStringLiteral("%1 days").arg(12 + number % 9) } },
        QJsonObject { { QStringLiteral("title"), QStringLiteral("Sick") },
            { QStringLiteral("value"), QStringLiteral("%1 days").arg(3 + number % 4) } },
        QJsonObject { { QStringLiteral("title"), QStringLiteral("Updated") },
            { QStringLiteral("value"), QStringLiteral("today") } },
    };
    const QJsonArray body {
        QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
            { QStringLiteral("text"), QStringLiteral("Card %1: your leave balance").arg(number) },
            { QStringLiteral("style"), QStringLiteral("heading") },
            { QStringLiteral("wrap"), true } },
        QJsonObject { { QStringLiteral("type"), QStringLiteral("FactSet") },
            { QStringLiteral("facts"), facts } },
        QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
            { QStringLiteral("text"),
                QStringLiteral("Plan **ahead**: requests for the holidays close on Friday.") },
            { QStringLiteral("isSubtle"), true }, { QStringLiteral("wrap"), true } },
    };
    const QJsonArray actions { QJsonObject {
        { QStringLiteral("type"), QStringLiteral("Action.Submit") },
        { QStringLiteral("title"), QStringLiteral("Apply for leave") },
        { QStringLiteral("data"), QJsonObject { { QStringLiteral("card"), number } } } } };
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") }, { QStringLiteral("body"), body },
        { QStringLiteral("actions"), actions } };
}

} // namespace tessera::bench::startupdata
