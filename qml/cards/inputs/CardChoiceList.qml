import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The choices of an Input.ChoiceSet as radio buttons (one value) or check boxes (several, when
// multi), each with the choice's title in plain text. Says which choice the person turned on or
// off (toggledChoice); the ChoiceSet makes the value from it. A layout, not a Column: a Column
// made inside a card whose window already has its width was never positioned (no height, every
// button at its top), and the shell's layout never heard of its buttons.
ColumnLayout {
    id: choiceList

    spacing: 0

    // The choices shown: [{title, value}].
    required property var choices
    property bool multi: false
    // The values chosen now.
    property var selected: []
    property string accessibleName: ""
    property string accessibleDescription: ""

    signal toggledChoice(string value, bool on)

    Accessible.role: Accessible.Grouping
    Accessible.name: accessibleName
    Accessible.description: accessibleDescription

    // A choice's button learns its list when it is made (a delegate sees only what it is given).
    component ChoiceCheck: CheckBox {
        id: box

        required property var modelData
        property CardChoiceList owner: null

        objectName: "choice-" + modelData.value
        Layout.fillWidth: true
        text: modelData.title === undefined ? "" : modelData.title
        checked: owner !== null && owner.selected.indexOf(modelData.value) >= 0
        focusPolicy: Qt.StrongFocus
        Accessible.name: Outside.text(text)
        onToggled: owner.toggledChoice(modelData.value, checked)

        // A filled box with a tick: the style's box is drawn as a wide border, which the software
        // renderer (offscreen screenshots) leaves with a hole and no tick.
        indicator: Rectangle {
            x: box.mirrored ? box.width - width - box.rightPadding : box.leftPadding
            y: box.topPadding + (box.availableHeight - height) / 2
            implicitWidth: 18
            implicitHeight: 18
            radius: 2
            color: box.checked ? box.Material.accentColor : "transparent"
            border.width: 2
            border.color: !box.enabled ? box.Material.hintTextColor
                        : box.checked ? box.Material.accentColor : box.Material.secondaryTextColor

            Label {
                anchors.centerIn: parent
                visible: box.checked
                text: "✓"
                textFormat: Text.PlainText
                font.pixelSize: 14
                font.bold: true
                color: Theme.palette(box.Material.theme === Material.Dark).accentText
            }
        }

        contentItem: CardChoiceLabel {
            button: box
        }
    }

    component ChoiceRadio: RadioButton {
        id: radio

        required property var modelData
        property CardChoiceList owner: null

        objectName: "choice-" + modelData.value
        Layout.fillWidth: true
        text: modelData.title === undefined ? "" : modelData.title
        checked: owner !== null && owner.selected.indexOf(modelData.value) >= 0
        focusPolicy: Qt.StrongFocus
        Accessible.name: Outside.text(text)
        onToggled: owner.toggledChoice(modelData.value, checked)

        contentItem: CardChoiceLabel {
            button: radio
        }
    }

    Repeater {
        model: choiceList.multi ? choiceList.choices : []
        delegate: ChoiceCheck { }
        onItemAdded: (index, item) => item.owner = choiceList
    }

    Repeater {
        model: choiceList.multi ? [] : choiceList.choices
        delegate: ChoiceRadio { }
        onItemAdded: (index, item) => item.owner = choiceList
    }
}
