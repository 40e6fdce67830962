import QtQuick
import Tessera

// A FactSet: each fact's title (bold) beside its value; the titles' column as wide as the widest
// title, at most 40 % of the width; both wrap. A secret value (`"tessera": {"secret": true}`) is
// a CardSecretValue: masked until shown, with Show and Copy.
Column {
    id: facts

    required property var element
    required property CardContext context

    property real widestTitle: 0
    readonly property real titleWidth: Math.min(widestTitle, Math.max(0, width * 0.4))

    spacing: Theme.spacingXS

    function measure() {
        let widest = 0
        for (let i = 0; i < repeater.count; ++i) {
            const row = repeater.itemAt(i)
            if (row)
                widest = Math.max(widest, row.titleNatural)
        }
        widestTitle = widest
    }

    Repeater {
        id: repeater

        model: facts.element.facts || []

        delegate: Row {
            id: row

            required property var modelData

            readonly property real titleNatural: title.implicitWidth
            readonly property real valueWidth: Math.max(0, width - facts.titleWidth - spacing)
            readonly property CardContext context: facts.context

            width: facts.width
            spacing: Theme.spacingM
            onTitleNaturalChanged: facts.measure()
            Component.onCompleted: facts.measure()

            OutsideText {
                id: title

                width: facts.titleWidth
                text: Outside.text(row.modelData.title)
                font.bold: true
                font.pixelSize: Theme.fontBody
                color: row.context.foreground
                elide: Text.ElideNone
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            OutsideText {
                visible: row.modelData.secret !== true
                width: row.valueWidth
                // A secret value is never in this text, shown or not (the view below has it).
                text: visible ? Outside.text(row.modelData.value, Outside.textLimit) : ""
                font.pixelSize: Theme.fontBody
                color: row.context.foreground
                elide: Text.ElideNone
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            // Made only for a secret fact (a Repeater makes its rows anew when the facts change).
            Loader {
                id: secretLoader

                visible: row.modelData.secret === true
                width: row.valueWidth
                Component.onCompleted: {
                    if (row.modelData.secret === true)
                        secretLoader.setSource(Qt.resolvedUrl("CardSecretValue.qml"),
                                               { "context": row.context, "secretText": row.modelData.value || "" })
                }
            }
        }
    }
}
