#pragma once
// The typed model of an Adaptive Card (schema 1.5, the subset docs/CARDS.md lists), as CardParser
// builds it. Elements, actions and cards refer to each other (a ShowCard action holds a card, an
// ActionSet holds actions, an element's selectAction is an action), so the three live in this one
// header. Nothing here holds HTML or a raw URL in displayed text: markdown is parsed into runs
// whose links are indexes into Card::links.
#include "cards/cardtext.h"

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace tessera::cards {

enum class ElementType {
    TextBlock,
    RichTextBlock,
    Image,
    ImageSet,
    Container,
    ColumnSet,
    Column,
    FactSet,
    Table,
    TableRow,
    TableCell,
    ActionSet,
    InputText,
    InputNumber,
    InputDate,
    InputTime,
    InputToggle,
    InputChoiceSet,
};

enum class ActionType { Submit, OpenUrl, ShowCard, ToggleVisibility, Execute };

struct Card;
struct CardAction;

struct Fact
{
    QString title;
    QString value;
    // The Tessera host extension `"tessera": {"secret": true}` (docs/CARDS.md): the value is
    // masked until the person shows it.
    bool secret = false;
};

struct Choice
{
    QString title;
    QString value;
};

struct TableColumn
{
    QString width; // "auto", "stretch", a weight ("2") or pixels ("50px")
};

// One inline of a RichTextBlock.
struct TextRun
{
    QString text;
    QString size;
    QString weight;
    QString color;
    QString fontType;
    bool isSubtle = false;
    bool italic = false;
    bool strikethrough = false;
    bool underline = false;
    bool highlight = false;
    std::shared_ptr<const CardAction> selectAction;
};

// What an input element accepts; Card::inputs() lists them.
struct InputSpec
{
    QString label;
    QString placeholder;
    QString errorMessage;
    bool isRequired = false;
    QString value; // the initial value, as text
    // Input.Text
    bool isMultiline = false;
    int maxLength = 0; // 0: no limit
    QString regex;
    QRegularExpression compiledRegex; // regex as the validator matches it, set by the parser
    QString textStyle; // text, tel, url, email, password
    // Input.Number (numbers) and Input.Date / Input.Time (min and max as text)
    std::optional<double> minNumber;
    std::optional<double> maxNumber;
    QString minText;
    QString maxText;
    // Input.Toggle
    QString title;
    QString valueOn = QStringLiteral("true");
    QString valueOff = QStringLiteral("false");
    // Input.ChoiceSet
    QList<Choice> choices;
    bool isMultiSelect = false;
    QString choiceStyle; // compact, expanded, filtered
};

struct CardElement
{
    ElementType type = ElementType::TextBlock;
    QString path; // the JSON path it was read from
    // common properties
    QString id;
    bool isVisible = true;
    bool separator = false;
    QString spacing;
    QString height;
    QString style;
    std::shared_ptr<const CardAction> selectAction;
    // TextBlock
    QString text;
    QList<MarkdownBlock> markdown;
    QString size;
    QString weight;
    QString color;
    QString fontType;
    bool isSubtle = false;
    bool wrap = false;
    int maxLines = 0;
    QString horizontalAlignment;
    // The Tessera host extension `"tessera": {"secret": true}`: the text is masked until the
    // person shows it, and shown as written (a secret TextBlock has no markdown links).
    bool secret = false;
    // RichTextBlock
    QList<TextRun> inlines;
    // Image (url is an index into Card::links), ImageSet (imageSize)
    int url = -1;
    QString altText;
    QString imageSize;
    QString imageStyle;
    QString width; // Image: pixels; Column: auto, stretch, weight or pixels
    // Container, Column, ColumnSet, TableCell, Table
    bool bleed = false;
    QString verticalContentAlignment;
    QList<TableColumn> tableColumns;
    bool firstRowAsHeader = true;
    bool showGridLines = true;
    // FactSet
    QList<Fact> facts;
    // children: Container and Column items, ColumnSet columns, ImageSet images, Table rows,
    // TableRow cells, TableCell items
    std::vector<CardElement> items;
    // ActionSet
    std::vector<CardAction> actions;
    // Input.*
    InputSpec input;

    bool isInput() const;
};

struct ToggleTarget
{
    QString elementId;
    std::optional<bool> isVisible; // unset: toggle
};

struct CardAction
{
    ActionType type = ActionType::Submit;
    QString path;
    QString id;
    QString title;
    QString style; // default, positive, destructive
    QString tooltip;
    bool isEnabled = true;
    QString mode; // primary, secondary
    // Action.Submit, Action.Execute: the data (compact JSON) and which inputs go with it
    QByteArray data;
    QString associatedInputs; // auto, none
    QString verb; // Action.Execute
    // Action.OpenUrl: an index into Card::links
    int url = -1;
    // Action.ShowCard
    std::shared_ptr<const Card> card;
    // Action.ToggleVisibility
    QList<ToggleTarget> targetElements;
};

struct Card
{
    QString version;
    QString fallbackText;
    QString speak;
    QString lang;
    QString minHeight;
    QString verticalContentAlignment;
    std::shared_ptr<const CardAction> selectAction;
    std::vector<CardElement> body;
    std::vector<CardAction> actions;
    // Every link of the card (Image urls, OpenUrl targets, markdown links): elements, actions and
    // runs refer to them by index. Only a ShowCard's root card has them; its sub-cards use the
    // root's list.
    QStringList links;

    // Every input element of the card, ShowCard sub-cards included, in document order.
    QList<const CardElement *> inputs() const;
};

} // namespace tessera::cards
