import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One service's form: its Adaptive Card drawn by CardView with a CardForm. Submit checks the
// inputs first (each error beside its field, as the server would word it) and queues the values
// through Services (the encrypted outbox sends them exactly once). Offline it says they wait;
// while sending a progress indicator turns; when the server refuses the inputs (422) their errors
// appear beside the fields; when the server says the form changed, it says so and shows the new
// form once the catalogue has it. The card's text is outside text; CardView shows it as such.
Page {
    id: page

    // The service shown (svc_…); set by whoever opens the page.
    property string serviceId: ""
    // The service as the catalogue has it (Services.catalogue.service()); {} when it has gone.
    property var service: ({})
    // The outbox's number of the submission this page sent last (-1: none).
    property int seq: -1
    property bool sending: false
    // What the page says above the form: "" (nothing), "saved", "sent", "failed", "refused",
    // "changed"; with message for "failed" and "refused".
    property string notice: ""
    property string message: ""

    signal backRequested
    signal requestsRequested

    // A map from C++ as a plain JavaScript object (its keys are the C++ side's, not a type's).
    function plain(map) {
        return map
    }

    // The catalogue changed: the form is drawn again only when it is another (what was typed
    // stays otherwise).
    function reload() {
        const now = plain(Services.catalogue.service(serviceId))
        if (now.formJson !== service.formJson || now.title !== service.title)
            service = now
    }

    function submit(action, values) {
        const result = plain(Services.submit(serviceId, action, values))
        if (result.errors.length > 0) {
            form.setServerErrors(result.errors)
            return
        }
        if (!result.queued) {
            notice = "refused"
            message = result.refusal
            return
        }
        seq = result.seq
        message = ""
        if (Services.offline) {
            sending = false
            notice = "saved"
        } else {
            sending = true
            notice = ""
        }
    }

    objectName: "serviceFormPage"
    title: service.title || qsTr("Service")
    padding: 0

    Component.onCompleted: reload()
    onServiceIdChanged: reload()
    Keys.onEscapePressed: backRequested()
    Keys.onBackPressed: backRequested()

    Connections {
        target: Services

        function onSubmissionSent(seq, serviceId, submissionId) {
            if (seq !== page.seq)
                return
            page.sending = false
            page.notice = "sent"
        }
        function onSubmissionFailed(seq, serviceId, message, errors) {
            if (seq !== page.seq)
                return
            page.sending = false
            page.notice = "failed"
            page.message = message
            form.setServerErrors(errors)
        }
        function onSubmissionDeferred(seq, reason) {
            if (seq !== page.seq)
                return
            page.sending = false
            page.notice = "saved"
        }
        function onCatalogueChanged() {
            page.reload()
        }
        function onFormChanged(serviceId) {
            if (serviceId === page.serviceId)
                page.notice = "changed"
        }
    }

    header: Pane {
        padding: Theme.spacingXS
        leftPadding: Theme.spacingS

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacingS

            ToolButton {
                objectName: "serviceFormBack"
                text: "‹"
                font.pixelSize: Theme.fontHeadline
                Accessible.name: qsTr("Back to services")
                onClicked: page.backRequested()
            }

            OutsideText {
                objectName: "serviceFormTitle"
                Layout.fillWidth: true
                text: Outside.text(page.service.title || "")
                wrapMode: Text.NoWrap
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            BusyIndicator {
                objectName: "serviceFormSending"
                visible: page.sending
                running: page.sending
                implicitWidth: 32
                implicitHeight: 32
                Accessible.name: qsTr("Sending")
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Banner {
            objectName: "serviceFormOfflineBanner"
            Layout.fillWidth: true
            visible: Services.offline && page.notice !== "saved"
            tone: "warn"
            text: qsTr("Offline — what you send is saved and sent when you are back online")
        }

        Banner {
            objectName: "serviceFormStatus"
            Layout.fillWidth: true
            visible: page.notice.length > 0
            tone: page.notice === "failed" || page.notice === "refused" ? "bad" : "warn"
            errorKind: page.notice === "failed" || page.notice === "refused" ? "serviceform.send" : ""
            text: {
                switch (page.notice) {
                case "saved":
                    return qsTr("Saved — it will be sent when you are back online")
                case "sent":
                    return qsTr("Sent — you can follow it under My requests")
                case "changed":
                    return qsTr("This form was updated: check it and send it again")
                default:
                    return page.message
                }
            }
            actionText: page.notice === "sent" || page.notice === "saved" ? qsTr("My requests") : ""
            onActionTriggered: page.requestsRequested()
        }

        Flickable {
            id: flick

            objectName: "serviceFormFlick"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !!page.service.formJson
            clip: true
            contentWidth: width
            contentHeight: cardView.implicitHeight + 2 * Theme.spacingL
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            CardDocument {
                id: document

                json: page.service.formJson || ""
            }

            CardForm {
                id: form

                json: page.service.formJson || ""
            }

            CardView {
                id: cardView

                objectName: "serviceFormCard"
                x: Theme.spacingL
                y: Theme.spacingL
                width: Math.min(flick.width - 2 * Theme.spacingL, 720)
                height: implicitHeight
                document: document
                form: form
                // Sending, or sent (or saved to be sent): not a second time by accident.
                enabled: !page.sending && page.notice !== "saved" && page.notice !== "sent"
                imageResolver: link => MediaImages.source(cardView.document.links[link] || "")
                // The submit action by its id (or an Execute's verb), so a form may have several.
                onSubmitted: (data, values, verb, actionId) => page.submit(actionId || verb, values)
            }
        }

        EmptyState {
            objectName: "serviceFormGone"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !page.service.formJson
            icon: "services"
            title: qsTr("This service is not available to you")
            text: qsTr("It may have been withdrawn.")
        }
    }
}
