import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// `tessera --card FILE`: one card alone in a window (QA screenshots), scrolled when taller than
// the window, in the light or the dark theme, its inputs filled into a CardForm of the same card.
// A link or a submission is only noted in the log.
ApplicationWindow {
    id: window

    // Set by the composition root (initial properties).
    property string cardJson: ""
    property bool dark: false
    // --card-validate: every input validated at once, as a Submit would (the errors show).
    property bool validateInputs: false

    width: 390
    height: 844
    visible: true
    title: qsTr("Tessera card")
    Material.theme: dark ? Material.Dark : Material.Light
    Material.primary: Theme.brand
    Material.accent: Theme.brand

    CardDocument {
        id: document

        json: window.cardJson
    }

    CardForm {
        id: cardForm

        json: window.cardJson
    }

    Flickable {
        id: flick

        anchors.fill: parent
        contentWidth: width
        contentHeight: card.height + 2 * Theme.spacingL
        clip: true
        ScrollBar.vertical: ScrollBar {}

        CardView {
            id: card

            objectName: "previewCard"
            x: Theme.spacingL
            y: Theme.spacingL
            width: flick.width - 2 * Theme.spacingL
            height: implicitHeight
            document: document
            form: cardForm
            onSubmitted: (data, values, verb) => console.info("card submitted", JSON.stringify(data), JSON.stringify(values), verb)
            onOpenUrl: link => console.info("card link", link)
        }
    }

    Component.onCompleted: {
        if (validateInputs)
            cardForm.validate([])
    }
}
