#include "cards/cardform.h"

#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"

#include <QJSValue>
#include <QJsonObject>

namespace tessera {

namespace {

cards::CardParseResult parseCard(const QVariant &json)
{
    const cards::CardParser parser;
    QVariant card = json;
    if (card.metaType() == QMetaType::fromType<QJSValue>())
        card = card.value<QJSValue>().toVariant();
    switch (card.metaType().id()) {
    case QMetaType::QString:
        return parser.parse(card.toString().toUtf8());
    case QMetaType::QByteArray:
        return parser.parse(card.toByteArray());
    case QMetaType::QVariantMap:
        return parser.parse(QJsonObject::fromVariantMap(card.toMap()));
    default:
        cards::CardParseResult result;
        result.problems.append(
            cards::CardProblem { QStringLiteral("$"), QStringLiteral("no card was given") });
        return result;
    }
}

} // namespace

CardForm::CardForm(QObject *parent)
    : QObject(parent)
    , m_problem(QStringLiteral("No card was given."))
{ }

CardForm::~CardForm() = default;

void CardForm::setJson(const QVariant &json)
{
    if (json == m_json && json.isValid())
        return;
    m_json = json;
    cards::CardParseResult parsed = parseCard(json);
    m_valid = parsed.isValid();
    m_problem = m_valid
        ? QString()
        : QStringLiteral("The card cannot be filled in: %1 (at %2)")
              .arg(parsed.problems.constFirst().message, parsed.problems.constFirst().path);
    m_card = m_valid ? std::move(parsed.card) : cards::Card();
    m_inputs = m_card.inputs();
    const QHash<QString, QString> before = m_values;
    m_values.clear();
    for (const cards::CardElement *element : std::as_const(m_inputs))
        m_values.insert(element->id, element->input.value);
    setErrors({});
    Q_EMIT jsonChanged();
    for (const cards::CardElement *element : std::as_const(m_inputs)) {
        if (before.value(element->id) != element->input.value)
            Q_EMIT valueChanged(element->id);
    }
}

QStringList CardForm::inputIds() const
{
    QStringList ids;
    ids.reserve(m_inputs.size());
    for (const cards::CardElement *element : m_inputs)
        ids.append(element->id);
    return ids;
}

void CardForm::setValue(const QString &id, const QString &text)
{
    const cards::CardElement *element = input(id);
    if (!element)
        return;
    if (m_values.value(id) == text)
        return;
    m_values.insert(id, text);
    Q_EMIT valueChanged(id);
    if (!m_errors.contains(id))
        return;
    QVariantMap errors = m_errors;
    if (const std::optional<QString> problem =
            cards::SubmissionValidator::checkValue(*element, text))
        errors.insert(id, *problem);
    else
        errors.remove(id);
    setErrors(errors);
}

QString CardForm::value(const QString &id) const
{
    return m_values.value(id);
}

bool CardForm::validate(const QStringList &ids)
{
    if (!m_valid)
        return false;
    QJsonObject submitted;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        if (!it.value().isEmpty())
            submitted.insert(it.key(), it.value());
    }
    QHash<QString, QString> found;
    const QList<cards::InputError> problems =
        cards::SubmissionValidator::validate(m_card, submitted);
    for (const cards::InputError &problem : problems)
        found.insert(problem.inputId, problem.message);
    QVariantMap errors = m_errors;
    bool passed = true;
    for (const QString &id : selected(ids)) {
        const auto problem = found.constFind(id);
        if (problem == found.cend()) {
            errors.remove(id);
        } else {
            errors.insert(id, problem.value());
            passed = false;
        }
    }
    setErrors(errors);
    return passed;
}

QVariantMap CardForm::values(const QStringList &ids) const
{
    QVariantMap values;
    for (const QString &id : selected(ids)) {
        const QString text = m_values.value(id);
        if (!text.isEmpty())
            values.insert(id, text);
    }
    return values;
}

void CardForm::setServerErrors(const QVariantList &errors)
{
    QVariantMap shown;
    for (const QVariant &entry : errors) {
        const QVariantMap error = entry.toMap();
        const QString id = error.value(QStringLiteral("input")).toString();
        if (input(id))
            shown.insert(id, error.value(QStringLiteral("message")).toString());
    }
    setErrors(shown);
}

const cards::CardElement *CardForm::input(const QString &id) const
{
    for (const cards::CardElement *element : m_inputs) {
        if (element->id == id)
            return element;
    }
    return nullptr;
}

QStringList CardForm::selected(const QStringList &ids) const
{
    if (ids.isEmpty())
        return inputIds();
    QStringList known;
    for (const QString &id : ids) {
        if (input(id) && !known.contains(id))
            known.append(id);
    }
    return known;
}

void CardForm::setErrors(const QVariantMap &errors)
{
    if (errors == m_errors)
        return;
    m_errors = errors;
    Q_EMIT errorsChanged();
}

} // namespace tessera
