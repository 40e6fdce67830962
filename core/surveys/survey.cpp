#include "surveys/survey.h"

#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"
#include "protocol/wiretime.h"

#include <QRegularExpression>

#include <cmath>

namespace tessera {

namespace {

qsizetype characters(const QString &text)
{
    qsizetype count = 0;
    for (auto it = text.cbegin(); it != text.cend(); ++it) {
        if (it->isHighSurrogate() && it + 1 != text.cend() && (it + 1)->isLowSurrogate())
            ++it;
        ++count;
    }
    return count;
}

bool isSurveyId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^srv_[A-Za-z0-9._-]+$"));
    return id.size() <= Survey::maxIdLength && pattern.match(id).hasMatch();
}

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
    const auto fail = [problem](const QString &message) -> std::optional<Survey> {
        if (problem)
            *problem = message;
        return std::nullopt;
    };
    Survey survey;
    const QJsonValue id = json.value(QStringLiteral("id"));
    if (!id.isString() || !isSurveyId(id.toString()))
        return fail(QStringLiteral("a survey has no valid id"));
    survey.id = id.toString();
    const auto bad = [&](const QString &what) {
        return fail(QStringLiteral("survey %1: %2").arg(survey.id, what));
    };
    const QJsonValue title = json.value(QStringLiteral("title"));
    if (!title.isString() || characters(title.toString()) < 1
        || characters(title.toString()) > maxTitleLength)
        return bad(QStringLiteral("its title is not a text of 1 to 200 characters"));
    survey.title = title.toString();

    const auto flag = [&](const char *name, bool *into) {
        const QJsonValue value = json.value(QLatin1StringView(name));
        *into = value.toBool();
        return value.isBool();
    };
    if (!flag("closed", &survey.closed) || !flag("anonymous", &survey.anonymous)
        || !flag("editable", &survey.editable) || !flag("answered", &survey.answered))
        return bad(
            QStringLiteral("its closed, anonymous, editable or answered is not true or false"));
    if (survey.anonymous && survey.editable)
        return bad(QStringLiteral("it is anonymous and editable (an anonymous answer cannot be "
                                  "edited)"));

    const QJsonValue version = json.value(QStringLiteral("version"));
    const double versionValue = version.toDouble(0);
    if (!version.isDouble() || versionValue < 1 || versionValue != std::floor(versionValue)
        || versionValue > 9e15)
        return bad(QStringLiteral("its version is not a positive integer"));
    survey.version = static_cast<qint64>(versionValue);

    const QJsonValue closes = json.value(QStringLiteral("closesAt"));
    const auto closesAt = closes.isString() ? wiretime::parse(closes.toString()) : std::nullopt;
    if (!closesAt)
        return bad(QStringLiteral("its closesAt is not an RFC 3339 time"));
    survey.closesAt = *closesAt;

    if (!readAnswer(json.value(QStringLiteral("myAnswer")), &survey.myAnswer))
        return bad(QStringLiteral("its myAnswer is neither null nor values by input id"));
    if (survey.anonymous && !survey.myAnswer.isEmpty())
        return bad(QStringLiteral("it is anonymous but carries an answer"));

    const QJsonValue source =
        json.value(QStringLiteral("source")).toObject().value(QStringLiteral("name"));
    if (!source.isString() || source.toString().size() > maxSourceLength)
        return bad(QStringLiteral("its source has no name"));
    survey.source = source.toString();

    const QJsonValue card = json.value(QStringLiteral("card"));
    if (!card.isObject() || card.toObject().isEmpty())
        return bad(QStringLiteral("its card is not an object"));
    const cards::CardParseResult parsed = cards::CardParser().parse(card.toObject());
    if (!parsed.isValid()) {
        const cards::CardProblem &first = parsed.problems.constFirst();
        return bad(
            QStringLiteral("the card does not parse (%1: %2)").arg(first.path, first.message));
    }
    if (parsed.card.inputs().isEmpty()
        || cards::SubmissionValidator::submitActions(parsed.card).isEmpty())
        return bad(QStringLiteral("the card is not a form (no input or no submit action)"));
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
