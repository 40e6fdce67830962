#include "surveys/survey.h"

#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"
#include "protocol/wirefields.h"
#include "protocol/wiretime.h"

namespace tessera {

namespace {

// myAnswer: null, or input id → text or number (as the validator takes values).
bool readAnswer(const QJsonValue &value, QJsonObject *into)
{
    if (value.isNull() || value.isUndefined())
        return true;
    if (!value.isObject() || value.toObject().size() > Survey::maxAnswerValues)
        return false;
    const QJsonObject answer = value.toObject();
    for (auto it = answer.constBegin(); it != answer.constEnd(); ++it) {
        if (it.key().isEmpty() || it.key().size() > Survey::maxIdLength)
            return false;
        if (it->isString() ? it->toString().size() > Survey::maxAnswerValueLength : !it->isDouble())
            return false;
    }
    *into = answer;
    return true;
}

} // namespace

std::optional<Survey> Survey::fromJson(const QJsonObject &json, QString *problem)
{
    Survey survey;
    WireFields fields(json, QStringLiteral("survey"));
    const QString flags =
        QStringLiteral("its closed, anonymous, editable or answered is not true or false");
    if (!fields.id(u"srv_", maxIdLength, &survey.id)
        || !fields.text("title", 1, maxTitleLength, &survey.title)
        || !fields.flag("closed", &survey.closed, flags)
        || !fields.flag("anonymous", &survey.anonymous, flags)
        || !fields.flag("editable", &survey.editable, flags)
        || !fields.flag("answered", &survey.answered, flags))
        return fields.refuse<Survey>(problem);
    if (survey.anonymous && survey.editable)
        return fields.refuse<Survey>(problem,
            QStringLiteral("it is anonymous and editable (an anonymous answer cannot be edited)"));
    if (!fields.version(&survey.version) || !fields.time("closesAt", &survey.closesAt))
        return fields.refuse<Survey>(problem);

    if (!readAnswer(fields.value("myAnswer"), &survey.myAnswer))
        return fields.refuse<Survey>(
            problem, QStringLiteral("its myAnswer is neither null nor values by input id"));
    if (survey.anonymous && !survey.myAnswer.isEmpty())
        return fields.refuse<Survey>(
            problem, QStringLiteral("it is anonymous but carries an answer"));
    if (!fields.sourceName(maxSourceLength, &survey.source))
        return fields.refuse<Survey>(problem);

    const QJsonValue card = fields.value("card");
    if (!card.isObject() || card.toObject().isEmpty())
        return fields.refuse<Survey>(problem, QStringLiteral("its card is not an object"));
    const cards::CardParseResult parsed = cards::CardParser().parse(card.toObject());
    if (!parsed.isValid()) {
        const cards::CardProblem &first = parsed.problems.constFirst();
        return fields.refuse<Survey>(problem,
            QStringLiteral("the card does not parse (%1: %2)").arg(first.path, first.message));
    }
    if (parsed.card.inputs().isEmpty()
        || cards::SubmissionValidator::submitActions(parsed.card).isEmpty())
        return fields.refuse<Survey>(
            problem, QStringLiteral("the card is not a form (no input or no submit action)"));
    survey.card = card.toObject();
    return survey;
}

QJsonObject Survey::toJson() const
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("title"), title },
        { QStringLiteral("card"), card },
        { QStringLiteral("closesAt"), wiretime::format(closesAt) },
        { QStringLiteral("closed"), closed },
        { QStringLiteral("anonymous"), anonymous },
        { QStringLiteral("editable"), editable },
        { QStringLiteral("version"), version },
        { QStringLiteral("answered"), answered },
        { QStringLiteral("myAnswer"),
            myAnswer.isEmpty() || anonymous ? QJsonValue() : QJsonValue(myAnswer) },
        { QStringLiteral("source"), QJsonObject { { QStringLiteral("name"), source } } },
    };
}

} // namespace tessera
