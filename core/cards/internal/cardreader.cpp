#include "cards/internal/cardreader.h"

#include "cards/cardlimits.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

#include <array>
#include <utility>

namespace tessera::cards::internal {

namespace {

const QHash<QString, ElementType> &elementTypes()
{
    static const QHash<QString, ElementType> types {
        { QStringLiteral("TextBlock"), ElementType::TextBlock },
        { QStringLiteral("RichTextBlock"), ElementType::RichTextBlock },
        { QStringLiteral("Image"), ElementType::Image },
        { QStringLiteral("ImageSet"), ElementType::ImageSet },
        { QStringLiteral("Container"), ElementType::Container },
        { QStringLiteral("ColumnSet"), ElementType::ColumnSet },
        { QStringLiteral("FactSet"), ElementType::FactSet },
        { QStringLiteral("Table"), ElementType::Table },
        { QStringLiteral("ActionSet"), ElementType::ActionSet },
        { QStringLiteral("Input.Text"), ElementType::InputText },
        { QStringLiteral("Input.Number"), ElementType::InputNumber },
        { QStringLiteral("Input.Date"), ElementType::InputDate },
        { QStringLiteral("Input.Time"), ElementType::InputTime },
        { QStringLiteral("Input.Toggle"), ElementType::InputToggle },
        { QStringLiteral("Input.ChoiceSet"), ElementType::InputChoiceSet },
    };
    return types;
}

QStringList words(const char *list)
{
    return QString::fromLatin1(list).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QStringList propertiesOf(ElementType type)
{
    QStringList known = words("type id isVisible separator spacing height fallback requires");
    const QStringList inputs = words("label isRequired errorMessage value placeholder");
    switch (type) {
    case ElementType::TextBlock:
        return known
            + words("text size weight color fontType isSubtle wrap maxLines "
                    "horizontalAlignment style tessera");
    case ElementType::RichTextBlock:
        return known + words("inlines horizontalAlignment");
    case ElementType::Image:
        return known + words("url altText size style width horizontalAlignment selectAction");
    case ElementType::ImageSet:
        return known + words("images imageSize");
    case ElementType::Container:
    case ElementType::Column:
    case ElementType::TableCell:
        return known
            + words("items style verticalContentAlignment bleed minHeight "
                    "selectAction width");
    case ElementType::ColumnSet:
        return known + words("columns style bleed minHeight horizontalAlignment selectAction");
    case ElementType::FactSet:
        return known + words("facts");
    case ElementType::Table:
        return known
            + words("columns rows firstRowAsHeader showGridLines gridStyle "
                    "horizontalCellContentAlignment verticalCellContentAlignment");
    case ElementType::TableRow:
        return known + words("cells style");
    case ElementType::ActionSet:
        return known + words("actions");
    case ElementType::InputText:
        return known + inputs + words("isMultiline maxLength regex style");
    case ElementType::InputNumber:
    case ElementType::InputDate:
    case ElementType::InputTime:
        return known + inputs + words("min max");
    case ElementType::InputToggle:
        return known + inputs + words("title valueOn valueOff wrap");
    case ElementType::InputChoiceSet:
        return known + inputs + words("choices isMultiSelect style wrap");
    }
    return known;
}

// The properties of the subset for each element type, made once: the reader asks for every element
// (bench_cards: making them anew was a fifth of reading a card).
const QStringList &knownProperties(ElementType type)
{
    static const auto table = [] {
        std::array<QStringList, std::size_t(ElementType::InputChoiceSet) + 1> all;
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = propertiesOf(ElementType(i));
        return all;
    }();
    return table.at(std::size_t(type));
}

QString typeName(ElementType type)
{
    switch (type) {
    case ElementType::Column:
        return QStringLiteral("Column");
    case ElementType::TableRow:
        return QStringLiteral("TableRow");
    case ElementType::TableCell:
        return QStringLiteral("TableCell");
    default:
        return elementTypes().key(type);
    }
}

// Versions like "1.5": compared part by part; "*" is any.
bool versionAtLeast(const QString &have, const QString &need)
{
    if (need == QLatin1String("*"))
        return true;
    const QStringList a = have.split(QLatin1Char('.'));
    const QStringList b = need.split(QLatin1Char('.'));
    for (qsizetype i = 0; i < std::max(a.size(), b.size()); ++i) {
        const int x = i < a.size() ? a.at(i).toInt() : 0;
        const int y = i < b.size() ? b.at(i).toInt() : 0;
        if (x != y)
            return x > y;
    }
    return true;
}

} // namespace

CardReader::CardReader(ParseContext &context)
    : m_context(context)
{ }

Card CardReader::card(const QJsonObject &object, const QString &path, int depth, bool root)
{
    Card card;
    const QString type = m_context.string(object, path, QLatin1String("type"));
    if (type != QLatin1String("AdaptiveCard"))
        m_context.problem(ParseContext::member(path, QLatin1String("type")),
            QStringLiteral("must be \"AdaptiveCard\""));
    card.version = m_context.string(object, path, QLatin1String("version"));
    static const QRegularExpression version(QStringLiteral("^\\d{1,3}\\.\\d{1,3}$"));
    const QString versionPath = ParseContext::member(path, QLatin1String("version"));
    if (root && !version.match(card.version).hasMatch())
        m_context.problem(versionPath, QStringLiteral("must be a version such as \"1.5\""));
    else if (!card.version.isEmpty()
        && !versionAtLeast(m_context.options().hostVersion, card.version))
        m_context.problem(versionPath,
            QStringLiteral("version %1 is newer than this host's %2")
                .arg(card.version, m_context.options().hostVersion));
    card.fallbackText = m_context.text(object, path, QLatin1String("fallbackText"));
    card.speak = m_context.text(object, path, QLatin1String("speak"));
    card.lang = m_context.string(object, path, QLatin1String("lang"));
    card.minHeight = m_context.string(object, path, QLatin1String("minHeight"));
    card.verticalContentAlignment = m_context.choice(
        object, path, QLatin1String("verticalContentAlignment"), words("top center bottom"));
    card.selectAction = selectAction(object, path, depth);
    bool bubble = false;
    const QString bodyPath = ParseContext::member(path, QLatin1String("body"));
    if (object.contains(QLatin1String("body")))
        card.body =
            elements(object.value(QLatin1String("body")), bodyPath, depth + 1, false, bubble);
    if (object.contains(QLatin1String("actions")))
        card.actions = actions(object.value(QLatin1String("actions")),
            ParseContext::member(path, QLatin1String("actions")), depth + 1, true);
    m_context.ignoreUnknown(object, path, QStringLiteral("AdaptiveCard"),
        words("type version $schema body actions selectAction fallbackText speak lang minHeight "
              "verticalContentAlignment"));
    // What other hosts show or say instead of the card must not give a secret away.
    for (const auto &[key, text] : { std::pair { QLatin1String("fallbackText"), card.fallbackText },
             std::pair { QLatin1String("speak"), card.speak } }) {
        if (m_context.holdsSecret(text))
            m_context.problem(ParseContext::member(path, key),
                QStringLiteral("must not hold the text of a secret TextBlock or fact"));
    }
    return card;
}

std::vector<CardElement> CardReader::elements(
    const QJsonValue &value, const QString &path, int depth, bool ancestorFallback, bool &bubble)
{
    std::vector<CardElement> list;
    if (!value.isArray()) {
        m_context.problem(path, QStringLiteral("must be an array of elements"));
        return list;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size() && !bubble; ++i) {
        std::optional<CardElement> item =
            element(array.at(i), ParseContext::index(path, i), depth, ancestorFallback, bubble);
        if (item)
            list.push_back(std::move(*item));
    }
    return list;
}

std::optional<CardElement> CardReader::element(
    const QJsonValue &value, const QString &path, int depth, bool ancestorFallback, bool &bubble)
{
    if (depth > maxCardDepth) {
        m_context.problem(path, QStringLiteral("nested deeper than %1 levels").arg(maxCardDepth));
        return std::nullopt;
    }
    if (!value.isObject()) {
        m_context.problem(path, QStringLiteral("must be an element (an object)"));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    if (!m_context.count(path))
        return std::nullopt;
    const QString type = m_context.string(object, path, QLatin1String("type"));
    if (type.isEmpty()) {
        m_context.problem(
            ParseContext::member(path, QLatin1String("type")), QStringLiteral("is required"));
        return std::nullopt;
    }
    const bool hasFallback = object.contains(QLatin1String("fallback"));
    const qsizetype entries = m_context.result().entries.size();
    CardElement item;
    item.path = path;
    QString reason;
    if (!elementTypes().contains(type)) {
        reason = QStringLiteral("unknown element type %1").arg(type);
    } else if (const QString unmet = unmetRequirement(object, path); !unmet.isEmpty()) {
        reason = unmet;
    } else {
        item.type = elementTypes().value(type);
        bool childBubbled = false;
        readKnown(item, object, depth, ancestorFallback || hasFallback, childBubbled);
        if (!childBubbled) {
            m_context.result().entries.insert(
                entries, CardReportEntry { path, type, CardOutcome::Rendered, {} });
            checkUnusedFallback(object, path, depth);
            return item;
        }
        reason = QStringLiteral("an element inside it cannot render");
    }
    // What this element holds is replaced: its report entries go.
    m_context.result().entries.resize(entries);
    if (hasFallback) {
        const QJsonValue fallback = object.value(QLatin1String("fallback"));
        const QString fallbackPath = ParseContext::member(path, QLatin1String("fallback"));
        if (fallback.isString() && fallback.toString() == QLatin1String("drop")) {
            m_context.report(path, type, CardOutcome::Dropped, reason);
            return std::nullopt;
        }
        if (!fallback.isObject()) {
            m_context.problem(fallbackPath, QStringLiteral("must be an element or \"drop\""));
            return std::nullopt;
        }
        m_context.report(path, type, CardOutcome::FellBack, reason);
        return element(fallback, fallbackPath, depth + 1, ancestorFallback, bubble);
    }
    if (ancestorFallback) {
        bubble = true;
        return std::nullopt;
    }
    m_context.report(path, type, CardOutcome::Dropped, reason + QStringLiteral(", no fallback"));
    return std::nullopt;
}

void CardReader::checkUnusedFallback(const QJsonObject &object, const QString &path, int depth)
{
    const QJsonValue fallback = object.value(QLatin1String("fallback"));
    if (fallback.isUndefined() || fallback == QJsonValue(QStringLiteral("drop")))
        return;
    const QString fallbackPath = ParseContext::member(path, QLatin1String("fallback"));
    if (!fallback.isObject()) {
        m_context.problem(fallbackPath, QStringLiteral("must be an element or \"drop\""));
        return;
    }
    // Not shown here, but a host without this element's type would: it is held to the same rules.
    const qsizetype entries = m_context.result().entries.size();
    bool bubble = false;
    element(fallback, fallbackPath, depth + 1, false, bubble);
    m_context.result().entries.resize(entries);
}

QString CardReader::unmetRequirement(const QJsonObject &object, const QString &path)
{
    const QJsonValue value = object.value(QLatin1String("requires"));
    if (value.isUndefined() || value.isNull())
        return {};
    const QString requiresPath = ParseContext::member(path, QLatin1String("requires"));
    if (!value.isObject()) {
        m_context.problem(requiresPath, QStringLiteral("must be an object of feature versions"));
        return {};
    }
    const QJsonObject needs = value.toObject();
    QString unmet;
    for (auto it = needs.constBegin(); it != needs.constEnd(); ++it) {
        if (!it.value().isString()) {
            m_context.problem(requiresPath + QLatin1Char('.') + it.key(),
                QStringLiteral("must be a version string"));
            continue;
        }
        const QString have = it.key() == QLatin1String("adaptiveCards")
            ? m_context.options().hostVersion
            : m_context.options().features.value(it.key());
        if (unmet.isEmpty() && (have.isEmpty() || !versionAtLeast(have, it.value().toString())))
            unmet = have.isEmpty() ? QStringLiteral("requires %1 %2, which this host does not have")
                                         .arg(it.key(), it.value().toString())
                                   : QStringLiteral("requires %1 %2, this host has %3")
                                         .arg(it.key(), it.value().toString(), have);
    }
    return unmet;
}

bool CardReader::readKnown(
    CardElement &item, const QJsonObject &object, int depth, bool fallback, bool &bubble)
{
    readCommon(item, object, depth);
    switch (item.type) {
    case ElementType::TextBlock:
        readTextBlock(item, object);
        break;
    case ElementType::RichTextBlock:
        readRichTextBlock(item, object, depth);
        break;
    case ElementType::Image:
        readImage(item, object, depth);
        break;
    case ElementType::ImageSet:
        readImageSet(item, object, depth);
        break;
    case ElementType::Container:
    case ElementType::Column:
    case ElementType::TableCell:
        readContainer(item, object, depth, fallback, bubble);
        break;
    case ElementType::ColumnSet:
        readColumnSet(item, object, depth, fallback, bubble);
        break;
    case ElementType::FactSet:
        readFactSet(item, object);
        break;
    case ElementType::Table:
        readTable(item, object, depth, fallback, bubble);
        break;
    case ElementType::TableRow:
        item.style = m_context.choice(object, item.path, QLatin1String("style"),
            words("default emphasis good attention warning accent"));
        item.items = fixedChildren(object.value(QLatin1String("cells")), item.path,
            QLatin1String("cells"), ElementType::TableCell, depth + 1, fallback, bubble);
        break;
    case ElementType::ActionSet:
        item.actions = actions(object.value(QLatin1String("actions")),
            ParseContext::member(item.path, QLatin1String("actions")), depth + 1, true);
        break;
    default:
        readInput(item, object);
        break;
    }
    m_context.ignoreUnknown(object, item.path, typeName(item.type), knownProperties(item.type));
    return true;
}

void CardReader::readCommon(CardElement &item, const QJsonObject &object, int depth)
{
    const QString &path = item.path;
    item.id = m_context.string(object, path, QLatin1String("id"));
    item.isVisible = m_context.boolean(object, path, QLatin1String("isVisible"), true);
    item.separator = m_context.boolean(object, path, QLatin1String("separator"), false);
    item.spacing = m_context.choice(object, path, QLatin1String("spacing"),
        words("none small default medium large extraLarge padding"), QStringLiteral("default"));
    static const QRegularExpression pixels(QStringLiteral("^\\d{1,5}px$"));
    const QString height = m_context.string(object, path, QLatin1String("height"));
    if (item.type == ElementType::Image && pixels.match(height).hasMatch())
        item.height = height;
    else
        item.height = m_context.choice(
            object, path, QLatin1String("height"), words("auto stretch"), QStringLiteral("auto"));
    if (knownProperties(item.type).contains(QLatin1String("selectAction")))
        item.selectAction = selectAction(object, path, depth);
}

void CardReader::readContainer(
    CardElement &item, const QJsonObject &object, int depth, bool fallback, bool &bubble)
{
    const QString &path = item.path;
    item.style = m_context.choice(object, path, QLatin1String("style"),
        words("default emphasis good attention warning accent"));
    item.verticalContentAlignment = m_context.choice(
        object, path, QLatin1String("verticalContentAlignment"), words("top center bottom"));
    item.bleed = m_context.boolean(object, path, QLatin1String("bleed"), false);
    if (item.type == ElementType::Column)
        item.width = m_context.width(object, path, QStringLiteral("Column"));
    const QLatin1String items("items");
    if (object.contains(items))
        item.items = elements(
            object.value(items), ParseContext::member(path, items), depth + 1, fallback, bubble);
}

void CardReader::readColumnSet(
    CardElement &item, const QJsonObject &object, int depth, bool fallback, bool &bubble)
{
    const QString &path = item.path;
    item.style = m_context.choice(object, path, QLatin1String("style"),
        words("default emphasis good attention warning accent"));
    item.bleed = m_context.boolean(object, path, QLatin1String("bleed"), false);
    item.horizontalAlignment = m_context.choice(
        object, path, QLatin1String("horizontalAlignment"), words("left center right"));
    if (object.contains(QLatin1String("columns")))
        item.items = fixedChildren(object.value(QLatin1String("columns")), path,
            QLatin1String("columns"), ElementType::Column, depth + 1, fallback, bubble);
}

void CardReader::readTable(
    CardElement &item, const QJsonObject &object, int depth, bool fallback, bool &bubble)
{
    const QString &path = item.path;
    item.firstRowAsHeader =
        m_context.boolean(object, path, QLatin1String("firstRowAsHeader"), true);
    item.showGridLines = m_context.boolean(object, path, QLatin1String("showGridLines"), true);
    item.style = m_context.choice(object, path, QLatin1String("gridStyle"),
        words("default emphasis good attention warning accent"));
    const QJsonValue columns = object.value(QLatin1String("columns"));
    const QString columnsPath = ParseContext::member(path, QLatin1String("columns"));
    if (!columns.isUndefined() && !columns.isArray())
        m_context.problem(columnsPath, QStringLiteral("must be an array"));
    const QJsonArray columnArray = columns.toArray();
    for (qsizetype i = 0; i < columnArray.size() && i < maxCardElements; ++i) {
        const QString columnPath = ParseContext::index(columnsPath, i);
        if (!columnArray.at(i).isObject())
            m_context.problem(columnPath, QStringLiteral("must be an object"));
        const QString width = m_context.width(
            columnArray.at(i).toObject(), columnPath, QStringLiteral("TableColumnDefinition"));
        item.tableColumns.append(TableColumn { width.isEmpty() ? QStringLiteral("auto") : width });
    }
    if (object.contains(QLatin1String("rows")))
        item.items = fixedChildren(object.value(QLatin1String("rows")), path, QLatin1String("rows"),
            ElementType::TableRow, depth + 1, fallback, bubble);
}

std::vector<CardElement> CardReader::fixedChildren(const QJsonValue &value, const QString &path,
    QLatin1String key, ElementType type, int depth, bool fallback, bool &bubble)
{
    std::vector<CardElement> list;
    const QString listPath = ParseContext::member(path, key);
    if (!value.isArray()) {
        m_context.problem(listPath, QStringLiteral("must be an array"));
        return list;
    }
    const QJsonArray array = value.toArray();
    const QString name = typeName(type);
    for (qsizetype i = 0; i < array.size() && !bubble; ++i) {
        const QString itemPath = ParseContext::index(listPath, i);
        if (depth > maxCardDepth) {
            m_context.problem(
                itemPath, QStringLiteral("nested deeper than %1 levels").arg(maxCardDepth));
            return list;
        }
        if (!array.at(i).isObject()) {
            m_context.problem(itemPath, QStringLiteral("must be a %1 (an object)").arg(name));
            continue;
        }
        const QJsonObject object = array.at(i).toObject();
        if (!m_context.count(itemPath))
            return list;
        const QString written = m_context.string(object, itemPath, QLatin1String("type"), name);
        if (written != name) {
            m_context.problem(ParseContext::member(itemPath, QLatin1String("type")),
                QStringLiteral("must be \"%1\"").arg(name));
            continue;
        }
        CardElement child;
        child.type = type;
        child.path = itemPath;
        const qsizetype entries = m_context.result().entries.size();
        readKnown(child, object, depth, fallback, bubble);
        m_context.result().entries.insert(
            entries, CardReportEntry { itemPath, name, CardOutcome::Rendered, {} });
        list.push_back(std::move(child));
    }
    return list;
}

} // namespace tessera::cards::internal
