import QtQuick
import Tessera

// One element of a card, by its type: the spacing and separator above it, then the element's own
// view loaded by URL (display elements from this folder, "Input.<Name>" from
// inputs/CardInput<Name>.qml with the card's form). Hidden while the element is not visible
// (isVisible, or an Action.ToggleVisibility). The parser leaves only types of the subset.
Item {
    id: slot

    required property var element
    required property CardContext context
    // The first element of its list has no spacing or separator above it.
    property bool first: false

    readonly property bool shown: context.isShown(element)
    // An input's default spacing is medium: its hint or error under it stays apart from the next
    // input's label.
    readonly property bool isInput: /^Input\./.test(element.type || "")
    readonly property int gap: first ? 0 : context.spacing(isInput && (!element.spacing || element.spacing === "default")
                                                               ? "medium" : element.spacing)
                                        + (element.separator ? Theme.spacingS + 1 : 0)

    objectName: "card-" + (element.type || "") + (element.id ? ":" + element.id : "")
    visible: shown
    readonly property Item view: loader.item as Item

    implicitWidth: view ? view.implicitWidth : 0
    implicitHeight: shown && view ? gap + view.implicitHeight : 0

    Rectangle {
        visible: slot.element.separator === true && !slot.first
        width: slot.width
        height: 1
        y: slot.gap - Theme.spacingS / 2 - 1
        color: slot.context.colors.outline
    }

    Loader {
        id: loader

        y: slot.gap
        width: slot.width
    }

    function viewFile(type) {
        switch (type) {
        case "TextBlock":
            // A secret one (`"tessera": {"secret": true}`) is masked until shown.
            return element.secret === true ? "CardSecretValue.qml" : "CardTextBlock.qml"
        case "RichTextBlock":
            return "CardRichTextBlock.qml"
        case "Image":
            return "CardImage.qml"
        case "ImageSet":
            return "CardImageSet.qml"
        case "Container":
            return "CardContainer.qml"
        case "ColumnSet":
            return "CardColumnSet.qml"
        case "FactSet":
            return "CardFactSet.qml"
        case "Table":
            return "CardTable.qml"
        case "ActionSet":
            return "CardActionSet.qml"
        default:
            return /^Input\.[A-Za-z]+$/.test(type) ? "inputs/Card" + type.replace(".", "") + ".qml" : ""
        }
    }

    Component.onCompleted: {
        const file = viewFile(element.type)
        if (file.length === 0)
            return
        if (file.indexOf("inputs/") === 0)
            loader.setSource(Qt.resolvedUrl(file), { "element": element, "form": context.form })
        else
            loader.setSource(Qt.resolvedUrl(file), { "element": element, "context": context })
    }
}
