// The leaf elements of CardReader: text, images, facts and inputs.
#include "cards/cardlimits.h"
#include "cards/cardmarkdown.h"
#include "cards/cardvalues.h"
#include "cards/internal/cardreader.h"
#include "cards/submissionvalidator.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tessera::cards::internal {

namespace {

QStringList words(const char *list)
{
    return QString::fromLatin1(list).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

const QStringList &textSizes()
{
    static const QStringList sizes = words("default small medium large extraLarge");
    return sizes;
}

const QStringList &textColors()
{
    static const QStringList colors = words("default dark light accent good warning attention");
    return colors;
}

} // namespace

void CardReader::readTextBlock(CardElement &item, const QJsonObject &object)
{
    const QString &path = item.path;
    const QLatin1String textKey("text");
    // Absent is "is required"; a value of another type is text()'s "must be a string".
    if (const QJsonValue text = object.value(textKey); text.isUndefined() || text.isNull())
        m_context.problem(ParseContext::member(path, textKey), QStringLiteral("is required"));
    item.text = m_context.text(object, path, textKey);
    item.secret = readSecret(object, path);
    if (item.secret)
        m_context.addSecret(item.text);
    QStringList written;
    item.markdown = CardMarkdown::parse(item.text, written);
    if (item.secret) {
        // Shown as written, as one plain run: a link in it would be a part of the secret.
        if (!written.isEmpty())
            m_context.problem(ParseContext::member(path, textKey),
                QStringLiteral("a secret TextBlock must not have markdown links"));
        written.clear();
        item.markdown = { MarkdownBlock {
            MarkdownBlock::Kind::Paragraph, 0, { MarkdownRun { item.text, false, false, -1 } } } };
    }
    QList<int> indexes;
    for (const QString &url : written)
        indexes.append(m_context.link(url, ParseContext::member(path, textKey)));
    for (MarkdownBlock &block : item.markdown) {
        for (MarkdownRun &run : block.runs) {
            if (run.link >= 0)
                run.link = indexes.value(run.link, -1);
        }
    }
    item.size = m_context.choice(object, path, QLatin1String("size"), textSizes());
    item.weight =
        m_context.choice(object, path, QLatin1String("weight"), words("default lighter bolder"));
    item.color = m_context.choice(object, path, QLatin1String("color"), textColors());
    item.fontType =
        m_context.choice(object, path, QLatin1String("fontType"), words("default monospace"));
    item.isSubtle = m_context.boolean(object, path, QLatin1String("isSubtle"), false);
    item.wrap = m_context.boolean(object, path, QLatin1String("wrap"), false);
    item.maxLines = m_context.count(object, path, QLatin1String("maxLines"));
    item.horizontalAlignment = m_context.choice(
        object, path, QLatin1String("horizontalAlignment"), words("left center right"));
    item.style = m_context.choice(object, path, QLatin1String("style"), words("default heading"));
}

void CardReader::readRichTextBlock(CardElement &item, const QJsonObject &object, int depth)
{
    const QString &path = item.path;
    item.horizontalAlignment = m_context.choice(
        object, path, QLatin1String("horizontalAlignment"), words("left center right"));
    const QString inlinesPath = ParseContext::member(path, QLatin1String("inlines"));
    const QJsonValue value = object.value(QLatin1String("inlines"));
    if (!value.isArray()) {
        m_context.problem(inlinesPath, QStringLiteral("must be an array of text runs"));
        return;
    }
    const QJsonArray inlines = value.toArray();
    for (qsizetype i = 0; i < inlines.size(); ++i) {
        const QString runPath = ParseContext::index(inlinesPath, i);
        if (!m_context.count(runPath))
            return;
        TextRun run;
        if (inlines.at(i).isString()) {
            run.text = inlines.at(i).toString();
            if (ParseContext::looksLikeHtml(run.text))
                m_context.problem(runPath, QStringLiteral("HTML is not allowed in card text"));
            item.inlines.append(run);
            continue;
        }
        const QJsonObject runObject = inlines.at(i).toObject();
        if (!inlines.at(i).isObject()) {
            m_context.problem(runPath, QStringLiteral("must be a string or a TextRun"));
            continue;
        }
        const QString type = m_context.string(runObject, runPath, QLatin1String("type"));
        if (type != QLatin1String("TextRun")) {
            m_context.report(runPath, type, CardOutcome::Dropped, QStringLiteral("not a TextRun"));
            continue;
        }
        run.text = m_context.text(runObject, runPath, QLatin1String("text"));
        run.size = m_context.choice(runObject, runPath, QLatin1String("size"), textSizes());
        run.weight = m_context.choice(
            runObject, runPath, QLatin1String("weight"), words("default lighter bolder"));
        run.color = m_context.choice(runObject, runPath, QLatin1String("color"), textColors());
        run.fontType = m_context.choice(
            runObject, runPath, QLatin1String("fontType"), words("default monospace"));
        run.isSubtle = m_context.boolean(runObject, runPath, QLatin1String("isSubtle"), false);
        run.italic = m_context.boolean(runObject, runPath, QLatin1String("italic"), false);
        run.strikethrough =
            m_context.boolean(runObject, runPath, QLatin1String("strikethrough"), false);
        run.underline = m_context.boolean(runObject, runPath, QLatin1String("underline"), false);
        run.highlight = m_context.boolean(runObject, runPath, QLatin1String("highlight"), false);
        run.selectAction = selectAction(runObject, runPath, depth + 1);
        m_context.ignoreUnknown(runObject, runPath, type,
            words("type text size weight color fontType isSubtle italic strikethrough underline "
                  "highlight selectAction"));
        item.inlines.append(run);
    }
}

void CardReader::readImage(CardElement &item, const QJsonObject &object, int depth)
{
    Q_UNUSED(depth)
    const QString &path = item.path;
    item.url = m_context.link(object, path, QLatin1String("url"), true);
    item.altText = m_context.text(object, path, QLatin1String("altText"));
    item.imageSize = m_context.choice(
        object, path, QLatin1String("size"), words("auto stretch small medium large"));
    item.imageStyle =
        m_context.choice(object, path, QLatin1String("style"), words("default person"));
    static const QRegularExpression pixels(QStringLiteral("^\\d{1,5}px$"));
    const QString width = m_context.string(object, path, QLatin1String("width"));
    if (pixels.match(width).hasMatch())
        item.width = width;
    else if (!width.isEmpty())
        m_context.report(ParseContext::member(path, QLatin1String("width")),
            QStringLiteral("Image"), CardOutcome::Ignored, QStringLiteral("not pixels"));
    item.horizontalAlignment = m_context.choice(
        object, path, QLatin1String("horizontalAlignment"), words("left center right"));
}

void CardReader::readImageSet(CardElement &item, const QJsonObject &object, int depth)
{
    item.imageSize = m_context.choice(
        object, item.path, QLatin1String("imageSize"), words("auto stretch small medium large"));
    bool bubble = false;
    item.items = fixedChildren(object.value(QLatin1String("images")), item.path,
        QLatin1String("images"), ElementType::Image, depth + 1, false, bubble);
}

void CardReader::readFactSet(CardElement &item, const QJsonObject &object)
{
    const QString factsPath = ParseContext::member(item.path, QLatin1String("facts"));
    const QJsonValue value = object.value(QLatin1String("facts"));
    if (!value.isArray()) {
        m_context.problem(factsPath, QStringLiteral("must be an array of facts"));
        return;
    }
    const QJsonArray facts = value.toArray();
    for (qsizetype i = 0; i < facts.size() && i < maxCardElements; ++i) {
        const QString factPath = ParseContext::index(factsPath, i);
        if (!facts.at(i).isObject()) {
            m_context.problem(factPath, QStringLiteral("must be a fact (an object)"));
            continue;
        }
        const QJsonObject fact = facts.at(i).toObject();
        item.facts.append(Fact { m_context.text(fact, factPath, QLatin1String("title")),
            m_context.text(fact, factPath, QLatin1String("value")), readSecret(fact, factPath) });
        if (item.facts.constLast().secret)
            m_context.addSecret(item.facts.constLast().value);
    }
    if (facts.size() > maxCardElements)
        m_context.problem(factsPath, QStringLiteral("more than %1 facts").arg(maxCardElements));
}

bool CardReader::readSecret(const QJsonObject &object, const QString &path)
{
    const QLatin1String key("tessera");
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return false;
    const QString extensionPath = ParseContext::member(path, key);
    if (!value.isObject()) {
        m_context.problem(extensionPath, QStringLiteral("must be an object"));
        return false;
    }
    const QJsonObject extension = value.toObject();
    const bool secret = m_context.boolean(extension, extensionPath, QLatin1String("secret"), false);
    m_context.ignoreUnknown(
        extension, extensionPath, QStringLiteral("tessera"), { QStringLiteral("secret") });
    return secret;
}

void CardReader::readInput(CardElement &item, const QJsonObject &object)
{
    const QString &path = item.path;
    if (item.id.isEmpty())
        m_context.problem(ParseContext::member(path, QLatin1String("id")),
            QStringLiteral("an input needs an id"));
    InputSpec &input = item.input;
    input.label = m_context.text(object, path, QLatin1String("label"));
    input.placeholder = m_context.text(object, path, QLatin1String("placeholder"));
    input.errorMessage = m_context.text(object, path, QLatin1String("errorMessage"));
    input.isRequired = m_context.boolean(object, path, QLatin1String("isRequired"), false);
    switch (item.type) {
    case ElementType::InputText:
        readTextInput(item, object);
        break;
    case ElementType::InputNumber:
    case ElementType::InputDate:
    case ElementType::InputTime:
        readRangeInput(item, object);
        break;
    case ElementType::InputToggle:
        input.title = m_context.text(object, path, QLatin1String("title"));
        input.valueOn = m_context.string(object, path, QLatin1String("valueOn"), input.valueOn);
        input.valueOff = m_context.string(object, path, QLatin1String("valueOff"), input.valueOff);
        input.value = m_context.string(object, path, QLatin1String("value"), input.valueOff);
        break;
    case ElementType::InputChoiceSet:
        readChoiceSet(item, object);
        break;
    default:
        break;
    }
}

void CardReader::readTextInput(CardElement &item, const QJsonObject &object)
{
    const QString &path = item.path;
    InputSpec &input = item.input;
    input.value = m_context.string(object, path, QLatin1String("value"));
    input.isMultiline = m_context.boolean(object, path, QLatin1String("isMultiline"), false);
    input.maxLength = m_context.count(object, path, QLatin1String("maxLength"));
    input.textStyle = m_context.choice(object, path, QLatin1String("style"),
        words("text tel url email password"), QStringLiteral("text"));
    input.regex = m_context.string(object, path, QLatin1String("regex"));
    const QString regexPath = ParseContext::member(path, QLatin1String("regex"));
    if (input.regex.size() > maxRegexLength) {
        m_context.problem(
            regexPath, QStringLiteral("longer than %1 characters").arg(maxRegexLength));
        input.regex.clear();
    } else if (!input.regex.isEmpty()) {
        // Checked exactly as the validator will match it, so a card that parses always compiles.
        input.compiledRegex = SubmissionValidator::inputPattern(input.regex);
        if (!input.compiledRegex.isValid()) {
            m_context.problem(regexPath, QStringLiteral("not a valid regular expression"));
            input.regex.clear();
            input.compiledRegex = QRegularExpression();
        }
    }
}

void CardReader::readRangeInput(CardElement &item, const QJsonObject &object)
{
    const QString &path = item.path;
    InputSpec &input = item.input;
    if (item.type == ElementType::InputNumber) {
        input.minNumber = m_context.number(object, path, QLatin1String("min"));
        input.maxNumber = m_context.number(object, path, QLatin1String("max"));
        if (const std::optional<double> value =
                m_context.number(object, path, QLatin1String("value")))
            input.value = CardValues::numberText(*value);
        if (input.minNumber && input.maxNumber && *input.minNumber > *input.maxNumber)
            m_context.problem(
                ParseContext::member(path, QLatin1String("min")), QStringLiteral("is above max"));
        return;
    }
    const bool isDate = item.type == ElementType::InputDate;
    const QString format = isDate ? QStringLiteral("YYYY-MM-DD") : QStringLiteral("HH:MM");
    auto read = [&](QLatin1String key) {
        const QString text = m_context.string(object, path, key);
        const bool valid =
            isDate ? CardValues::date(text).has_value() : CardValues::time(text).has_value();
        if (!text.isEmpty() && !valid)
            m_context.problem(
                ParseContext::member(path, key), QStringLiteral("must be %1").arg(format));
        return valid ? text : QString();
    };
    input.minText = read(QLatin1String("min"));
    input.maxText = read(QLatin1String("max"));
    input.value = read(QLatin1String("value"));
    // Both formats sort as text.
    if (!input.minText.isEmpty() && !input.maxText.isEmpty() && input.minText > input.maxText)
        m_context.problem(
            ParseContext::member(path, QLatin1String("min")), QStringLiteral("is after max"));
}

void CardReader::readChoiceSet(CardElement &item, const QJsonObject &object)
{
    const QString &path = item.path;
    InputSpec &input = item.input;
    input.value = m_context.string(object, path, QLatin1String("value"));
    input.isMultiSelect = m_context.boolean(object, path, QLatin1String("isMultiSelect"), false);
    input.choiceStyle = m_context.choice(object, path, QLatin1String("style"),
        words("compact expanded filtered"), QStringLiteral("compact"));
    const QString choicesPath = ParseContext::member(path, QLatin1String("choices"));
    const QJsonValue value = object.value(QLatin1String("choices"));
    if (!value.isArray()) {
        m_context.problem(choicesPath, QStringLiteral("must be an array of choices"));
        return;
    }
    const QJsonArray choices = value.toArray();
    if (choices.size() > maxChoices)
        m_context.problem(choicesPath, QStringLiteral("more than %1 choices").arg(maxChoices));
    for (qsizetype i = 0; i < choices.size() && i < maxChoices; ++i) {
        const QString choicePath = ParseContext::index(choicesPath, i);
        const QJsonObject choice = choices.at(i).toObject();
        if (!choices.at(i).isObject() || !choice.value(QLatin1String("value")).isString()) {
            m_context.problem(choicePath, QStringLiteral("must be a choice with a string value"));
            continue;
        }
        input.choices.append(Choice { m_context.text(choice, choicePath, QLatin1String("title")),
            choice.value(QLatin1String("value")).toString() });
    }
}

} // namespace tessera::cards::internal
