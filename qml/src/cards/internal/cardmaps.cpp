#include "cards/internal/cardmaps.h"

#include "cards/submissionvalidator.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace tessera::cardmaps {

using cards::ActionType;
using cards::CardAction;
using cards::CardElement;
using cards::ElementType;

namespace {

QVariantMap actionOrEmpty(
    const std::shared_ptr<const CardAction> &action, const QStringList &inputs)
{
    return action ? cardmaps::action(*action, inputs) : QVariantMap();
}

QVariantList blocks(const QList<cards::MarkdownBlock> &markdown)
{
    QVariantList list;
    for (const cards::MarkdownBlock &block : markdown) {
        QVariantList runs;
        for (const cards::MarkdownRun &run : block.runs)
            runs.append(QVariantMap { { QStringLiteral("text"), run.text },
                { QStringLiteral("bold"), run.bold }, { QStringLiteral("italic"), run.italic },
                { QStringLiteral("link"), run.link } });
        QString kind = QStringLiteral("paragraph");
        if (block.kind == cards::MarkdownBlock::Kind::Bullet)
            kind = QStringLiteral("bullet");
        else if (block.kind == cards::MarkdownBlock::Kind::Numbered)
            kind = QStringLiteral("numbered");
        list.append(QVariantMap { { QStringLiteral("kind"), kind },
            { QStringLiteral("number"), block.number }, { QStringLiteral("runs"), runs } });
    }
    return list;
}

QVariantList inlines(const QList<cards::TextRun> &runs, const QStringList &inputs)
{
    QVariantList list;
    for (const cards::TextRun &run : runs)
        list.append(QVariantMap { { QStringLiteral("type"), QStringLiteral("TextRun") },
            { QStringLiteral("text"), run.text }, { QStringLiteral("size"), run.size },
            { QStringLiteral("weight"), run.weight }, { QStringLiteral("color"), run.color },
            { QStringLiteral("fontType"), run.fontType },
            { QStringLiteral("isSubtle"), run.isSubtle }, { QStringLiteral("italic"), run.italic },
            { QStringLiteral("strikethrough"), run.strikethrough },
            { QStringLiteral("underline"), run.underline },
            { QStringLiteral("highlight"), run.highlight },
            { QStringLiteral("selectAction"), actionOrEmpty(run.selectAction, inputs) } });
    return list;
}

QVariantMap inputMap(const cards::InputSpec &input)
{
    QVariantList choices;
    for (const cards::Choice &choice : input.choices)
        choices.append(QVariantMap {
            { QStringLiteral("title"), choice.title }, { QStringLiteral("value"), choice.value } });
    const auto number = [](const std::optional<double> &value) {
        return value ? QVariant(*value) : QVariant();
    };
    return QVariantMap { { QStringLiteral("label"), input.label },
        { QStringLiteral("placeholder"), input.placeholder },
        { QStringLiteral("errorMessage"), input.errorMessage },
        { QStringLiteral("isRequired"), input.isRequired },
        { QStringLiteral("value"), input.value },
        { QStringLiteral("isMultiline"), input.isMultiline },
        { QStringLiteral("maxLength"), input.maxLength },
        { QStringLiteral("textStyle"), input.textStyle },
        { QStringLiteral("minNumber"), number(input.minNumber) },
        { QStringLiteral("maxNumber"), number(input.maxNumber) },
        { QStringLiteral("minText"), input.minText }, { QStringLiteral("maxText"), input.maxText },
        { QStringLiteral("title"), input.title }, { QStringLiteral("valueOn"), input.valueOn },
        { QStringLiteral("valueOff"), input.valueOff }, { QStringLiteral("choices"), choices },
        { QStringLiteral("isMultiSelect"), input.isMultiSelect },
        { QStringLiteral("choiceStyle"), input.choiceStyle } };
}

// The element's own properties (besides the common ones and its children).
void addOwn(QVariantMap &map, const CardElement &element, const QStringList &inputs)
{
    switch (element.type) {
    case ElementType::TextBlock:
        map.insert(QStringLiteral("text"), element.text);
        map.insert(QStringLiteral("blocks"), blocks(element.markdown));
        map.insert(QStringLiteral("size"), element.size);
        map.insert(QStringLiteral("weight"), element.weight);
        map.insert(QStringLiteral("color"), element.color);
        map.insert(QStringLiteral("fontType"), element.fontType);
        map.insert(QStringLiteral("isSubtle"), element.isSubtle);
        map.insert(QStringLiteral("wrap"), element.wrap);
        map.insert(QStringLiteral("maxLines"), element.maxLines);
        map.insert(QStringLiteral("horizontalAlignment"), element.horizontalAlignment);
        map.insert(QStringLiteral("secret"), element.secret);
        break;
    case ElementType::RichTextBlock:
        map.insert(QStringLiteral("inlines"), inlines(element.inlines, inputs));
        map.insert(QStringLiteral("horizontalAlignment"), element.horizontalAlignment);
        break;
    case ElementType::Image:
        map.insert(QStringLiteral("url"), element.url);
        map.insert(QStringLiteral("altText"), element.altText);
        map.insert(QStringLiteral("size"), element.imageSize);
        map.insert(QStringLiteral("style"), element.imageStyle);
        map.insert(QStringLiteral("width"), element.width);
        map.insert(QStringLiteral("horizontalAlignment"), element.horizontalAlignment);
        break;
    case ElementType::ImageSet:
        map.insert(QStringLiteral("imageSize"), element.imageSize);
        break;
    case ElementType::Container:
    case ElementType::Column:
    case ElementType::TableCell:
        map.insert(QStringLiteral("verticalContentAlignment"), element.verticalContentAlignment);
        map.insert(QStringLiteral("bleed"), element.bleed);
        if (element.type == ElementType::Column)
            map.insert(QStringLiteral("width"), element.width);
        break;
    case ElementType::ColumnSet:
        map.insert(QStringLiteral("bleed"), element.bleed);
        map.insert(QStringLiteral("horizontalAlignment"), element.horizontalAlignment);
        break;
    case ElementType::FactSet: {
        QVariantList facts;
        for (const cards::Fact &fact : element.facts)
            facts.append(QVariantMap { { QStringLiteral("title"), fact.title },
                { QStringLiteral("value"), fact.value },
                { QStringLiteral("secret"), fact.secret } });
        map.insert(QStringLiteral("facts"), facts);
        break;
    }
    case ElementType::Table: {
        QVariantList columns;
        for (const cards::TableColumn &column : element.tableColumns)
            columns.append(QVariantMap { { QStringLiteral("width"), column.width } });
        map.insert(QStringLiteral("columns"), columns);
        map.insert(QStringLiteral("firstRowAsHeader"), element.firstRowAsHeader);
        map.insert(QStringLiteral("showGridLines"), element.showGridLines);
        // The parser keeps a Table's gridStyle as its style.
        map.insert(QStringLiteral("gridStyle"), element.style);
        break;
    }
    case ElementType::ActionSet:
        map.insert(QStringLiteral("actions"), actions(element.actions, inputs));
        break;
    case ElementType::TableRow:
        break;
    case ElementType::InputText:
    case ElementType::InputNumber:
    case ElementType::InputDate:
    case ElementType::InputTime:
    case ElementType::InputToggle:
    case ElementType::InputChoiceSet:
        map.insert(QStringLiteral("input"), inputMap(element.input));
        break;
    }
}

} // namespace

QString typeName(ElementType type)
{
    switch (type) {
    case ElementType::TextBlock:
        return QStringLiteral("TextBlock");
    case ElementType::RichTextBlock:
        return QStringLiteral("RichTextBlock");
    case ElementType::Image:
        return QStringLiteral("Image");
    case ElementType::ImageSet:
        return QStringLiteral("ImageSet");
    case ElementType::Container:
        return QStringLiteral("Container");
    case ElementType::ColumnSet:
        return QStringLiteral("ColumnSet");
    case ElementType::Column:
        return QStringLiteral("Column");
    case ElementType::FactSet:
        return QStringLiteral("FactSet");
    case ElementType::Table:
        return QStringLiteral("Table");
    case ElementType::TableRow:
        return QStringLiteral("TableRow");
    case ElementType::TableCell:
        return QStringLiteral("TableCell");
    case ElementType::ActionSet:
        return QStringLiteral("ActionSet");
    case ElementType::InputText:
        return QStringLiteral("Input.Text");
    case ElementType::InputNumber:
        return QStringLiteral("Input.Number");
    case ElementType::InputDate:
        return QStringLiteral("Input.Date");
    case ElementType::InputTime:
        return QStringLiteral("Input.Time");
    case ElementType::InputToggle:
        return QStringLiteral("Input.Toggle");
    case ElementType::InputChoiceSet:
        return QStringLiteral("Input.ChoiceSet");
    }
    return {};
}

QString typeName(ActionType type)
{
    switch (type) {
    case ActionType::Submit:
        return QStringLiteral("Action.Submit");
    case ActionType::OpenUrl:
        return QStringLiteral("Action.OpenUrl");
    case ActionType::ShowCard:
        return QStringLiteral("Action.ShowCard");
    case ActionType::ToggleVisibility:
        return QStringLiteral("Action.ToggleVisibility");
    case ActionType::Execute:
        return QStringLiteral("Action.Execute");
    }
    return {};
}

QStringList inputIds(const std::vector<CardElement> &elements)
{
    return cards::SubmissionValidator::cardInputIds(elements);
}

QVariantList elements(const std::vector<CardElement> &elements, const QStringList &cardInputs)
{
    QVariantList list;
    for (const CardElement &element : elements) {
        QVariantMap map { { QStringLiteral("type"), typeName(element.type) },
            { QStringLiteral("id"), element.id },
            { QStringLiteral("isVisible"), element.isVisible },
            { QStringLiteral("separator"), element.separator },
            { QStringLiteral("spacing"), element.spacing },
            { QStringLiteral("height"), element.height },
            { QStringLiteral("style"), element.style },
            { QStringLiteral("selectAction"), actionOrEmpty(element.selectAction, cardInputs) } };
        addOwn(map, element, cardInputs);
        if (!element.items.empty())
            map.insert(QStringLiteral("items"), cardmaps::elements(element.items, cardInputs));
        list.append(map);
    }
    return list;
}

QVariantList actions(const std::vector<CardAction> &actions, const QStringList &cardInputs)
{
    QVariantList list;
    for (const CardAction &each : actions)
        list.append(action(each, cardInputs));
    return list;
}

QVariantMap action(const CardAction &action, const QStringList &cardInputs)
{
    QVariantMap map { { QStringLiteral("type"), typeName(action.type) },
        { QStringLiteral("id"), action.id }, { QStringLiteral("title"), action.title },
        { QStringLiteral("tooltip"), action.tooltip }, { QStringLiteral("style"), action.style },
        { QStringLiteral("isEnabled"), action.isEnabled },
        { QStringLiteral("mode"), action.mode } };
    switch (action.type) {
    case ActionType::Submit:
    case ActionType::Execute: {
        // The parser keeps data as compact JSON text (an object, an array or one value).
        QVariant data;
        if (!action.data.isEmpty()) {
            const QByteArray wrapped = '[' + action.data + ']';
            data = QJsonDocument::fromJson(wrapped).toVariant().toList().value(0);
        }
        map.insert(QStringLiteral("data"), data);
        map.insert(QStringLiteral("associatedInputs"), action.associatedInputs);
        map.insert(QStringLiteral("inputIds"),
            cards::SubmissionValidator::sentInputIds(action, cardInputs));
        map.insert(QStringLiteral("verb"), action.verb);
        break;
    }
    case ActionType::OpenUrl:
        map.insert(QStringLiteral("url"), action.url);
        break;
    case ActionType::ShowCard:
        if (action.card) {
            const QStringList inputs = cardInputs + inputIds(action.card->body);
            map.insert(QStringLiteral("card"),
                QVariantMap { { QStringLiteral("body"), elements(action.card->body, inputs) },
                    { QStringLiteral("actions"), actions(action.card->actions, inputs) } });
        }
        break;
    case ActionType::ToggleVisibility: {
        QVariantList targets;
        for (const cards::ToggleTarget &target : action.targetElements)
            targets.append(QVariantMap { { QStringLiteral("elementId"), target.elementId },
                { QStringLiteral("isVisible"),
                    target.isVisible ? QVariant(*target.isVisible) : QVariant() } });
        map.insert(QStringLiteral("targetElements"), targets);
        break;
    }
    }
    return map;
}

} // namespace tessera::cardmaps
