#include "cards/submissionvalidator.h"

#include "cards/cardlimits.h"
#include "cards/cardvalues.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace tessera::cards {

namespace {

std::optional<QString> checkText(const InputSpec &input, const QString &value)
{
    if (input.maxLength > 0 && value.toUcs4().size() > input.maxLength)
        return QStringLiteral("must be at most %1 characters").arg(input.maxLength);
    if (!input.isMultiline && value.contains(QLatin1Char('\n')))
        return QStringLiteral("must be a single line");
    if (!input.regex.isEmpty()) {
        // A parsed card carries the compiled pattern; compile only for a hand-made spec.
        const QRegularExpression regex = input.compiledRegex.pattern().isEmpty()
            ? SubmissionValidator::inputPattern(input.regex)
            : input.compiledRegex;
        const QRegularExpressionMatch match = regex.match(value);
        // Not valid: PCRE2 stopped (a limit hit), so the value is neither accepted nor rejected.
        if (!regex.isValid() || !match.isValid())
            return QStringLiteral("could not be checked against its pattern");
        if (!match.hasMatch())
            return QStringLiteral("is not in the expected form");
    }
    return std::nullopt;
}

std::optional<QString> checkNumber(const InputSpec &input, const QString &value)
{
    const std::optional<double> number = CardValues::number(value);
    if (!number)
        return QStringLiteral("must be a number");
    if (input.minNumber && *number < *input.minNumber)
        return QStringLiteral("must be at least %1").arg(CardValues::numberText(*input.minNumber));
    if (input.maxNumber && *number > *input.maxNumber)
        return QStringLiteral("must be at most %1").arg(CardValues::numberText(*input.maxNumber));
    return std::nullopt;
}

// Dates (YYYY-MM-DD) and times (HH:MM) compare as text once their form is checked.
std::optional<QString> checkRange(const InputSpec &input, const QString &value, bool isDate)
{
    const bool valid =
        isDate ? CardValues::date(value).has_value() : CardValues::time(value).has_value();
    if (!valid)
        return isDate ? QStringLiteral("must be a date (YYYY-MM-DD)")
                      : QStringLiteral("must be a time (HH:MM)");
    if (!input.minText.isEmpty() && value < input.minText)
        return QStringLiteral("must not be before %1").arg(input.minText);
    if (!input.maxText.isEmpty() && value > input.maxText)
        return QStringLiteral("must not be after %1").arg(input.maxText);
    return std::nullopt;
}

std::optional<QString> checkChoices(const InputSpec &input, const QString &value)
{
    QSet<QString> offered;
    for (const Choice &choice : input.choices)
        offered.insert(choice.value);
    const QStringList picked = input.isMultiSelect
        ? value.split(QLatin1Char(','), Qt::SkipEmptyParts)
        : QStringList { value };
    for (const QString &one : picked) {
        if (!offered.contains(input.isMultiSelect ? one.trimmed() : one))
            return QStringLiteral("is not one of the choices offered");
    }
    return std::nullopt;
}

void collectInputIds(const std::vector<CardElement> &elements, QStringList &ids)
{
    for (const CardElement &element : elements) {
        if (element.isInput())
            ids.append(element.id);
        collectInputIds(element.items, ids);
    }
}

void collectSubmits(const Card &card, const QStringList &shownIn, QList<SubmitAction> &found);

void collectSubmit(
    const CardAction *action, const QStringList &cardInputs, QList<SubmitAction> &found)
{
    if (!action)
        return;
    if (action->type == ActionType::Submit || action->type == ActionType::Execute)
        found.append(
            SubmitAction { action, SubmissionValidator::sentInputIds(*action, cardInputs) });
    if (action->card)
        collectSubmits(*action->card, cardInputs, found);
}

void collectSubmits(const std::vector<CardAction> &actions, const QStringList &cardInputs,
    QList<SubmitAction> &found)
{
    for (const CardAction &action : actions)
        collectSubmit(&action, cardInputs, found);
}

void collectSubmits(const std::vector<CardElement> &elements, const QStringList &cardInputs,
    QList<SubmitAction> &found)
{
    for (const CardElement &element : elements) {
        collectSubmit(element.selectAction.get(), cardInputs, found);
        for (const TextRun &run : element.inlines)
            collectSubmit(run.selectAction.get(), cardInputs, found);
        collectSubmits(element.actions, cardInputs, found);
        collectSubmits(element.items, cardInputs, found);
    }
}

void collectSubmits(const Card &card, const QStringList &shownIn, QList<SubmitAction> &found)
{
    const QStringList cardInputs = shownIn + SubmissionValidator::cardInputIds(card.body);
    collectSubmit(card.selectAction.get(), cardInputs, found);
    collectSubmits(card.body, cardInputs, found);
    collectSubmits(card.actions, cardInputs, found);
}

} // namespace

QStringList SubmissionValidator::cardInputIds(const std::vector<CardElement> &elements)
{
    QStringList ids;
    collectInputIds(elements, ids);
    return ids;
}

QStringList SubmissionValidator::sentInputIds(
    const CardAction &action, const QStringList &cardInputs)
{
    return action.associatedInputs == u"none" ? QStringList() : cardInputs;
}

QList<SubmitAction> SubmissionValidator::submitActions(const Card &card)
{
    QList<SubmitAction> found;
    collectSubmits(card, QStringList(), found);
    return found;
}

const SubmitAction *SubmissionValidator::findAction(
    const QList<SubmitAction> &actions, const QString &name)
{
    for (const SubmitAction &each : actions) {
        if (name.isEmpty() ? actions.size() == 1
                           : (each.action->id == name
                               || (!each.action->verb.isEmpty() && each.action->verb == name)))
            return &each;
    }
    return nullptr;
}

std::optional<QString> SubmissionValidator::checkValue(
    const CardElement &element, const QString &value)
{
    const InputSpec &input = element.input;
    const QString fallbackMessage = input.errorMessage;
    std::optional<QString> problem;
    if (value.isEmpty()) {
        if (input.isRequired)
            problem = QStringLiteral("is required");
    } else if (value.size() > maxValueLength) {
        problem = QStringLiteral("is too long");
    } else {
        switch (element.type) {
        case ElementType::InputText:
            problem = checkText(input, value);
            break;
        case ElementType::InputNumber:
            problem = checkNumber(input, value);
            break;
        case ElementType::InputDate:
        case ElementType::InputTime:
            problem = checkRange(input, value, element.type == ElementType::InputDate);
            break;
        case ElementType::InputToggle:
            if (value != input.valueOn && value != input.valueOff)
                problem = QStringLiteral("must be %1 or %2").arg(input.valueOn, input.valueOff);
            else if (input.isRequired && value != input.valueOn)
                problem = QStringLiteral("must be switched on");
            break;
        case ElementType::InputChoiceSet:
            problem = checkChoices(input, value);
            break;
        default:
            break;
        }
    }
    if (!problem)
        return std::nullopt;
    if (!fallbackMessage.isEmpty())
        return fallbackMessage;
    const QString name = input.label.isEmpty() ? element.id : input.label;
    return name + QLatin1Char(' ') + *problem;
}

QRegularExpression SubmissionValidator::inputPattern(const QString &regex)
{
    // Compiled once per thread for each pattern seen lately (at most kept patterns, then the
    // cache starts again): a service's form is read again at every submission, and PCRE2's JIT
    // compile was most of reading an Input.Text (bench_cards).
    constexpr qsizetype kept = 256;
    thread_local QHash<QString, QRegularExpression> compiled;
    if (const auto found = compiled.constFind(regex); found != compiled.cend())
        return *found;
    // PCRE2 reads these verbs only at the very start of the pattern; they can only lower its
    // limits, and a regex's own verbs, now inside the group, no longer compile.
    QRegularExpression pattern(QStringLiteral("(*LIMIT_MATCH=%1)(*LIMIT_DEPTH=%2)%3")
                                   .arg(maxRegexMatchSteps)
                                   .arg(maxRegexDepth)
                                   .arg(QRegularExpression::anchoredPattern(regex)));
    pattern.optimize(); // compiled here, before copies of it are handed out
    if (compiled.size() >= kept)
        compiled.clear();
    compiled.insert(regex, pattern);
    return pattern;
}

QList<InputError> SubmissionValidator::validate(const Card &card, const QJsonObject &values)
{
    QStringList every;
    for (const CardElement *input : card.inputs())
        every.append(input->id);
    return validate(card, every, values);
}

QList<InputError> SubmissionValidator::validate(
    const Card &card, const QStringList &inputIds, const QJsonObject &values)
{
    QList<InputError> errors;
    const QSet<QString> sent(inputIds.cbegin(), inputIds.cend());
    QSet<QString> known;
    for (const CardElement *input : card.inputs()) {
        if (!sent.contains(input->id))
            continue;
        known.insert(input->id);
        const QJsonValue value = values.value(input->id);
        QString text;
        if (value.isString()) {
            text = value.toString();
        } else if (value.isDouble() && input->type == ElementType::InputNumber) {
            text = CardValues::numberText(value.toDouble());
        } else if (!value.isUndefined() && !value.isNull()) {
            errors.append(InputError { input->id,
                input->input.errorMessage.isEmpty()
                    ? QStringLiteral("%1 must be given as text").arg(input->id)
                    : input->input.errorMessage });
            continue;
        }
        if (const std::optional<QString> message = checkValue(*input, text))
            errors.append(InputError { input->id, *message });
    }
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        if (!known.contains(it.key()))
            errors.append(
                InputError { it.key(), QStringLiteral("the card has no input %1").arg(it.key()) });
    }
    return errors;
}

} // namespace tessera::cards
