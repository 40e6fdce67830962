#include "surveys/surveyinputs.h"

#include "cards/cardparser.h"
#include "cards/cardvalues.h"

namespace tessera::server {

namespace {

QString typeOf(const cards::CardElement &element)
{
    using cards::ElementType;
    switch (element.type) {
    case ElementType::InputChoiceSet:
        return QStringLiteral("choice");
    case ElementType::InputToggle:
        return QStringLiteral("toggle");
    case ElementType::InputNumber: {
        const auto &spec = element.input;
        const bool scale = spec.minNumber && spec.maxNumber && *spec.maxNumber >= *spec.minNumber
            && *spec.maxNumber - *spec.minNumber <= 10;
        return scale ? QStringLiteral("rating") : QStringLiteral("number");
    }
    case ElementType::InputDate:
        return QStringLiteral("date");
    case ElementType::InputTime:
        return QStringLiteral("time");
    default:
        break;
    }
    return QStringLiteral("text");
}

} // namespace

QList<SurveyInput> SurveyInput::of(const QString &cardJson)
{
    // Checked when it was put: parsed here for its inputs only.
    const cards::CardParseResult parsed = cards::CardParser().parse(cardJson.toUtf8());
    QList<SurveyInput> inputs;
    for (const cards::CardElement *element : parsed.card.inputs()) {
        SurveyInput input;
        input.id = element->id;
        input.label = element->input.label.isEmpty() ? element->id : element->input.label;
        input.type = typeOf(*element);
        input.multiSelect =
            element->type == cards::ElementType::InputChoiceSet && element->input.isMultiSelect;
        inputs.append(input);
    }
    return inputs;
}

QStringList SurveyInput::countedValues(const QJsonValue &value) const
{
    QString text;
    if (value.isDouble())
        text = cards::CardValues::numberText(value.toDouble());
    else if (value.isString())
        text = value.toString();
    if (text.isEmpty())
        return {};
    if (!multiSelect)
        return { text };
    QStringList picked;
    for (const QString &each : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        picked.append(each.trimmed());
    return picked;
}

} // namespace tessera::server
