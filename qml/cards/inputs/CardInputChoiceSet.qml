import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Input.ChoiceSet: compact (a ComboBox, with a "no choice" entry when not required), expanded
// (radio buttons) or several values (isMultiSelect: check boxes; the value is the chosen values
// comma-separated, in the card's order), or filtered (a text field narrowing the list).
CardInputShell {
    id: control

    // How many choices the filtered list shows at most (type to narrow it).
    readonly property int filteredLimit: 8
    readonly property var choices: Array.isArray(spec.choices) ? spec.choices : []
    readonly property bool multi: spec.isMultiSelect === true
    readonly property string style: spec.choiceStyle === undefined ? "" : String(spec.choiceStyle)
    readonly property string mode: style === "filtered" ? "filtered"
                                 : multi || style === "expanded" ? "expanded" : "compact"
    readonly property var selected: multi ? value.split(",").map(v => v.trim()).filter(v => v.length > 0)
                                          : value.length > 0 ? [value] : []
    // The compact list's entries: the choices, after a "no choice" one when none is needed.
    readonly property var entries: isRequired ? choices
        : [{ title: placeholder.length > 0 ? placeholder : qsTr("No choice"), value: "" }, ...choices]
    // The filtered list: the choices whose title holds the filter's text (any case).
    readonly property var matches: {
        const needle = filterText.toLowerCase()
        return choices.filter(c => needle.length === 0 || String(c.title).toLowerCase().indexOf(needle) >= 0)
    }
    property string filterText: ""

    // The filtered list may hide what was chosen: it is said under the list.
    hint: mode === "filtered" && selected.length > 0
          ? qsTr("Chosen: %1").arg(choices.filter(c => selected.indexOf(c.value) >= 0)
                                         .map(c => Outside.inline(c.title)).join(", "))
          : ""

    // A choice turned on or off.
    function toggle(choice, on) {
        if (!multi) {
            if (on)
                write(choice)
            return
        }
        const chosen = choices.map(c => c.value).filter(v => v === choice ? on : selected.indexOf(v) >= 0)
        write(chosen.join(","))
    }

    ComboBox {
        id: combo

        objectName: "cardChoiceCombo"
        Layout.fillWidth: true
        visible: control.mode === "compact"
        model: visible ? control.entries : []
        textRole: "title"
        currentIndex: control.entries.findIndex(c => c.value === control.value)
        displayText: currentIndex >= 0 ? Outside.text(currentText)
                   : control.placeholder.length > 0 ? control.placeholder : qsTr("Choose one")
        Accessible.name: control.accessibleName
        Accessible.description: control.accessibleDescription
        onActivated: index => control.write(control.entries[index].value)

        // The list's box drawn plainly (the style's shadow layer is not drawn by the software
        // renderer, and the list then floats over the page).
        popup.background: Rectangle {
            radius: Theme.radiusS
            color: combo.Material.dialogColor
            border.width: 1
            border.color: Theme.palette(combo.Material.theme === Material.Dark).outline
        }

        // Underlined like the card's text fields: the style's raised box is white on white where
        // its shadow is not drawn (the software renderer of screenshots).
        background: Item {
            implicitWidth: 120
            implicitHeight: combo.Material.buttonHeight

            Rectangle {
                anchors.bottom: parent.bottom
                anchors.bottomMargin: Theme.spacingXS
                width: parent.width
                height: combo.activeFocus ? 2 : 1
                color: combo.activeFocus ? combo.Material.accentColor : combo.Material.hintTextColor
            }
        }

        delegate: ItemDelegate {
            id: entry

            required property var modelData
            required property int index

            objectName: "entry-" + index
            width: ListView.view ? ListView.view.width : implicitWidth
            highlighted: ListView.isCurrentItem
            Accessible.name: Outside.text(modelData.title)

            contentItem: OutsideText {
                text: Outside.text(entry.modelData.title)
                wrapMode: Text.NoWrap
                verticalAlignment: Text.AlignVCenter
                Accessible.ignored: true
            }
        }
    }

    TextField {
        objectName: "cardChoiceFilter"
        Layout.fillWidth: true
        visible: control.mode === "filtered"
        selectByMouse: true
        inputMethodHints: Qt.ImhNoPredictiveText
        Accessible.name: qsTr("Filter %1").arg(control.accessibleName)
        onTextChanged: control.filterText = text

        CardPlaceholder {
            field: parent
            text: control.placeholder.length > 0 ? control.placeholder : qsTr("Type to filter")
        }
    }

    CardChoiceList {
        objectName: "cardChoiceList"
        Layout.fillWidth: true
        visible: control.mode !== "compact"
        choices: control.mode === "filtered" ? control.matches.slice(0, control.filteredLimit)
               : control.mode === "expanded" ? control.choices : []
        multi: control.multi
        selected: control.selected
        accessibleName: control.accessibleName
        accessibleDescription: control.accessibleDescription
        onToggledChoice: (value, on) => control.toggle(value, on)
    }

    OutsideText {
        objectName: "moreChoices"
        Layout.fillWidth: true
        visible: control.mode === "filtered" && control.matches.length > control.filteredLimit
        text: qsTr("%n more: type to narrow the list", "", control.matches.length - control.filteredLimit)
        font.pixelSize: Theme.fontCaption
        color: control.Material.secondaryTextColor
    }

    OutsideText {
        objectName: "noMatches"
        Layout.fillWidth: true
        visible: control.mode === "filtered" && control.matches.length === 0
        text: qsTr("No choice matches")
        font.pixelSize: Theme.fontCaption
        color: control.Material.secondaryTextColor
    }
}
