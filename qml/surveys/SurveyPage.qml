import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// One survey: its form drawn by CardView with a CardForm, the anonymity said in words before
// answering, submit through the Surveys outbox (core's validator first: each error beside its
// field), then the done state ("Thank you — your answer was sent", or that it waits to be sent
// while it is queued). An editable survey's answer can be changed until it closes; a closed
// survey is read-only, with the person's own answer shown for a named one. The title, the card
// and the sender's name are outside text.
Page {
    id: page

    // The survey shown (srv_…); set by whoever opens the page.
    property string surveyId: ""
    // Surveys.survey(surveyId), read again whenever the surveys change; {} when it has gone.
    readonly property var survey: Surveys.revision >= 0 ? Surveys.survey(surveyId) : ({})
    readonly property bool known: !!survey.surveyId
    readonly property bool closed: !!survey.closed
    readonly property bool done: !!survey.answered || !!survey.pending
    // Changing an answer already given (an editable survey, still open).
    property bool editing: false
    // A refusal before anything was queued (closed meanwhile, ...), in words.
    property string refusal: ""
    readonly property bool formShown: known && ((!closed && (!done || editing) && survey.canAnswer !== false)
                                                || (closed && !survey.anonymous && Object.keys(survey.myAnswer || {}).length > 0))

    signal backRequested

    function closesText(date) {
        if (!date || isNaN(date.getTime()))
            return ""
        const when = date.toLocaleString(Qt.locale(), Locale.ShortFormat)
        return closed ? qsTr("Closed %1").arg(when) : qsTr("Closes %1").arg(when)
    }

    // The person's own answer (named surveys) in the form's fields.
    function fillMine() {
        const mine = survey.myAnswer || {}
        for (const key of Object.keys(mine))
            form.setValue(key, String(mine[key]))
    }

    // A map from C++ as a plain JavaScript object (its keys are the C++ side's, not a type's).
    function plain(map) {
        return map
    }

    function submit(values) {
        refusal = ""
        const result = plain(Surveys.answer(surveyId, values))
        if (result.errors.length > 0) {
            form.setServerErrors(result.errors)
            return
        }
        if (!result.queued) {
            refusal = result.message
            return
        }
        editing = false
    }

    objectName: "surveyPage"
    title: survey.title || qsTr("Survey")
    padding: 0

    onSurveyIdChanged: editing = false
    Keys.onEscapePressed: backRequested()
    Keys.onBackPressed: backRequested()

    header: Pane {
        padding: Theme.spacingXS
        leftPadding: Theme.spacingS

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacingS

            ToolButton {
                objectName: "surveyBack"
                text: "‹"
                font.pixelSize: Theme.fontHeadline
                Accessible.name: qsTr("Back to surveys")
                onClicked: page.backRequested()
            }

            OutsideText {
                objectName: "surveyTitle"
                Layout.fillWidth: true
                text: Outside.text(page.survey.title || "")
                wrapMode: Text.NoWrap
                font.pixelSize: Theme.fontSubtitle
                font.weight: Font.DemiBold
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
        }
    }

    Flickable {
        id: flick

        objectName: "surveyFlick"
        anchors.fill: parent
        visible: page.known
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
                objectName: "surveyAnonymity"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.weight: Font.DemiBold
                text: page.survey.anonymous
                      ? qsTr("Your answer is anonymous: it is stored without your name")
                      : page.survey.editable
                        ? qsTr("Your answer is stored with your name; you can change it until the survey closes")
                        : qsTr("Your answer is stored with your name")
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }

            OutsideText {
                objectName: "surveyCloses"
                Layout.fillWidth: true
                color: Material.secondaryTextColor
                text: {
                    const parts = [page.closesText(page.survey.closesAt)]
                    if (page.survey.source)
                        parts.push(qsTr("from %1").arg(Outside.inline(page.survey.source)))
                    return parts.join(" · ")
                }
            }

            Banner {
                objectName: "surveyFailure"
                errorKind: "survey.send"
                Layout.fillWidth: true
                visible: !!page.survey.failure || page.refusal.length > 0
                tone: "bad"
                text: page.refusal.length > 0 ? page.refusal : (page.survey.failure || "")
                actionText: qsTr("Dismiss")
                onActionTriggered: {
                    page.refusal = ""
                    Surveys.dismissFailure(page.surveyId)
                }
            }

            // The done state: sent, or waiting in the outbox (offline, the server away).
            Frame {
                objectName: "surveyDone"
                Layout.fillWidth: true
                visible: page.done && !page.editing && !page.closed
                Accessible.role: Accessible.Grouping
                Accessible.name: doneText.text

                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.spacingS

                    Label {
                        id: doneText

                        objectName: "surveyDoneText"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.fontSubtitle
                        text: page.survey.pending
                              ? qsTr("Your answer is waiting to send — it goes as soon as the server can be reached")
                              : qsTr("Thank you — your answer was sent")
                    }

                    Button {
                        objectName: "surveyChange"
                        visible: !!page.survey.editable && !page.survey.pending
                        text: qsTr("Change your answer")
                        Accessible.name: text
                        onClicked: {
                            page.editing = true
                            page.fillMine()
                        }
                    }
                }
            }

            Label {
                objectName: "surveyClosedNote"
                Layout.fillWidth: true
                visible: page.closed
                wrapMode: Text.Wrap
                text: page.formShown ? qsTr("This survey is closed. Your answer:")
                                     : page.survey.answered ? qsTr("This survey is closed. You answered it.")
                                                            : qsTr("This survey is closed.")
            }

            CardDocument {
                id: document

                json: page.known ? page.survey.card : ""
            }

            CardForm {
                id: form

                json: page.known ? page.survey.card : ""
                onJsonChanged: page.fillMine()
            }

            CardView {
                id: cardView

                objectName: "surveyCard"
                Layout.fillWidth: true
                Layout.preferredHeight: implicitHeight
                visible: page.formShown
                document: document
                form: form
                enabled: !page.closed
                imageResolver: link => MediaImages.source(cardView.document.links[link] || "")
                onSubmitted: (data, values) => page.submit(values)
            }
        }
    }

    EmptyState {
        objectName: "surveyGone"
        anchors.fill: parent
        visible: !page.known
        icon: "surveys"
        title: qsTr("This survey is not available to you")
        text: qsTr("It may have been withdrawn.")
    }
}
