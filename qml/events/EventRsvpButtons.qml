import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The three RSVP answers of an event (Going, Maybe, Not going) with the current one checked.
// An answer shows at once (pending until the server takes it, see Events.rsvp); while answers are
// closed or the event is cancelled the buttons are off. Waiting is shown by the page.
RowLayout {
    id: buttons

    // The event's id and the person's answer ("going", "maybe", "no", "waiting" or "").
    property string eventId: ""
    property string answer: ""
    property bool open: true

    // The model refused the answer here (closed, not on this device): why, in plain words.
    signal refused(string reason)

    spacing: Theme.spacingS

    Repeater {
        model: [
            { value: "going", label: qsTr("Going") },
            { value: "maybe", label: qsTr("Maybe") },
            { value: "no", label: qsTr("Not going") }
        ]

        delegate: Button {
            required property var modelData
            // "going" stays marked while waiting for a place.
            readonly property bool chosen: buttons.answer === modelData.value
                                           || (modelData.value === "going" && buttons.answer === "waiting")

            objectName: "rsvp_" + modelData.value
            Layout.fillWidth: true
            text: modelData.label
            highlighted: chosen
            enabled: buttons.open
            Accessible.role: Accessible.RadioButton
            Accessible.name: text
            Accessible.checkable: true
            Accessible.checked: chosen
            onClicked: {
                const reason = Events.rsvp(buttons.eventId, modelData.value)
                if (reason.length > 0)
                    buttons.refused(reason)
            }
        }
    }
}
