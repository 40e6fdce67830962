#pragma once

#include "cards/card.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace tessera::server {

// A survey card's inputs as its results count them. type is the results' ("choice", "toggle",
// "number", "rating", "text", "date", "time"): a rating is an Input.Number with a minimum and a
// maximum at most 10 apart (a scale such as 1..5); any other Input.Number is a number.
struct SurveyInput
{
    QString id;
    QString label; // the input's label, else its id
    QString type;
    bool multiSelect = false;

    bool isText() const { return type == u"text"; }
    bool isNumeric() const { return type == u"number" || type == u"rating"; }

    // The inputs of a stored (valid) card, in the card's order.
    static QList<SurveyInput> of(const QString &cardJson);
    // The values an answer's value counts as (a multi-select's each choice; empty: no value).
    QStringList countedValues(const QJsonValue &value) const;
};

} // namespace tessera::server
