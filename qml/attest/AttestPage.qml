import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Today's attestation: the admin's form drawn by CardView with a CardForm (shown offline from
// the device's copy), submitted through the Attest outbox (core's validator first: each error
// beside its field); once answered, the day's answer in words, or that it waits to be sent. The
// card and the answer's values are outside text.
Page {
    id: page

    // A refusal before anything was queued, in words.
    property string refusal: ""

    // A map from C++ as a plain JavaScript object (its keys are the C++ side's, not a type's).
    function plain(map) {
        return map
    }

    function submit(values) {
        refusal = ""
        const result = plain(Attest.submit(values))
        if (result.errors.length > 0) {
            form.setServerErrors(result.errors)
            return
        }
        if (!result.queued)
            refusal = result.message
    }

    objectName: "attestPage"
    title: qsTr("Attestation")
    padding: 0

    Component.onCompleted: Attest.refresh()

    Flickable {
        id: flick

        objectName: "attestFlick"
        anchors.fill: parent
        visible: Attest.hasForm || Attest.answeredToday
        clip: true
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * Theme.spacingL
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column

            x: Theme.spacingL
            y: Theme.spacingL
            width: Math.min(flick.width - 2 * Theme.spacingL, 720)
            spacing: Theme.spacingM

            Label {
                objectName: "attestHeading"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                text: qsTr("Today's attestation")
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            Label {
                objectName: "attestExplain"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Material.secondaryTextColor
                text: qsTr("Answer once a day. Entry at some sites needs today's answer on your pass.")
            }

            Banner {
                objectName: "attestFailure"
                errorKind: "attest.send"
                Layout.fillWidth: true
                visible: page.refusal.length > 0 || Attest.error.length > 0
                tone: "bad"
                text: page.refusal.length > 0 ? page.refusal : Attest.error
            }

            // The done state: the day's answer, or that it waits in the outbox.
            Frame {
                objectName: "attestDone"
                Layout.fillWidth: true
                visible: Attest.answeredToday || Attest.pending
                Accessible.role: Accessible.Grouping
                Accessible.name: doneText.text

                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.spacingS

                    OutsideText {
                        id: doneText

                        objectName: "attestDoneText"
                        Layout.fillWidth: true
                        font.pixelSize: Theme.fontSubtitle
                        text: Attest.pending
                              ? qsTr("Your answer is waiting to send — it goes as soon as the server can be reached")
                              : qsTr("Thank you — you answered for %1").arg(Outside.inline(Attest.day))
                    }

                    Repeater {
                        model: Attest.pending ? [] : Attest.answerLines

                        delegate: OutsideText {
                            required property var modelData

                            Layout.fillWidth: true
                            text: qsTr("%1: %2").arg(Outside.inline(modelData.input))
                                                 .arg(Outside.inline(modelData.value, Outside.textLimit))
                        }
                    }
                }
            }

            CardDocument {
                id: document

                json: Attest.card
            }

            CardForm {
                id: form

                json: Attest.card
            }

            CardView {
                id: cardView

                objectName: "attestCard"
                Layout.fillWidth: true
                Layout.preferredHeight: implicitHeight
                visible: Attest.hasForm && !Attest.answeredToday && !Attest.pending
                document: document
                form: form
                imageResolver: link => MediaImages.source(cardView.document.links[link] || "")
                onSubmitted: (data, values) => page.submit(values)
            }
        }
    }

    EmptyState {
        objectName: "attestNone"
        anchors.fill: parent
        visible: !Attest.hasForm && !Attest.answeredToday
        icon: "surveys"
        title: Attest.loading ? qsTr("Loading…") : qsTr("No attestation is asked for")
        text: Attest.error
    }
}
