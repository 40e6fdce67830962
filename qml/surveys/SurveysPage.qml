import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// Surveys: those sent to this person, from the Surveys singleton (the encrypted cache: shown
// offline, and a banner says so): open and unanswered first (closing soonest first), then
// answered (or waiting to be sent), then closed. A survey opens its page (SurveyPage). Titles and
// the senders' names are outside text.
Page {
    id: page

    property bool openFirstWhenLoaded: false
    readonly property int surveyCount: Surveys.count

    // Opens a survey's page; false for an id Surveys has not got.
    function openSurvey(surveyId) {
        if (Object.keys(Surveys.survey(surveyId)).length === 0)
            return false
        stack.pop(null, StackView.Immediate)
        const opened = stack.push(Qt.resolvedUrl("SurveyPage.qml"), { surveyId: surveyId })
        if (!opened)
            return false
        opened.backRequested.connect(() => stack.pop())
        return true
    }

    // Opens the first survey (QA and screenshots), now or once there is one.
    function openFirst() {
        if (Surveys.count > 0)
            return openSurvey(Surveys.surveyIdAt(0))
        openFirstWhenLoaded = true
        return false
    }

    function stateText(closed, answered, pending, anonymous) {
        const state = closed ? qsTr("Closed")
                             : pending ? qsTr("Waiting to send")
                                       : answered ? qsTr("Answered") : qsTr("Open")
        return state + " · " + (anonymous ? qsTr("anonymous") : qsTr("named"))
    }

    onSurveyCountChanged: {
        if (openFirstWhenLoaded && surveyCount > 0) {
            openFirstWhenLoaded = false
            openSurvey(Surveys.surveyIdAt(0))
        }
    }

    objectName: "surveysPage"
    title: qsTr("Surveys")
    padding: 0

    Shortcut {
        sequences: ["F5", "Ctrl+R"]
        enabled: page.visible && stack.depth === 1
        onActivated: Surveys.syncNow()
    }

    StackView {
        id: stack

        objectName: "surveysStack"
        anchors.fill: parent
        initialItem: listPage
        focus: true
    }

    Item {
        id: listPage

        objectName: "surveysListPage"

        ColumnLayout {
            anchors.fill: parent
            spacing: 0

            Banner {
                objectName: "surveysOfflineBanner"
                Layout.fillWidth: true
                visible: Surveys.offline
                tone: "warn"
                text: qsTr("Offline — showing what this device has; answers are sent when you are back online")
                actionText: qsTr("Retry")
                onActionTriggered: Surveys.syncNow()
            }

            Banner {
                objectName: "surveysErrorBanner"
                errorKind: "surveys.sync"
                Layout.fillWidth: true
                visible: !Surveys.offline && Surveys.error.length > 0
                tone: "bad"
                text: Surveys.error
                actionText: qsTr("Retry")
                onActionTriggered: Surveys.syncNow()
            }

            ListView {
                id: list

                objectName: "surveysList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.maximumWidth: 960
                Layout.alignment: Qt.AlignHCenter
                visible: Surveys.count > 0
                model: Surveys
                clip: true
                keyNavigationEnabled: true
                activeFocusOnTab: true
                focus: true
                bottomMargin: Theme.spacingL
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Surveys")
                ScrollBar.vertical: ScrollBar {}

                delegate: ItemDelegate {
                    id: row

                    required property int index
                    required property string surveyId
                    required property string title
                    required property var closesAt
                    required property bool closed
                    required property bool answered
                    required property bool pending
                    required property bool anonymous
                    required property string source

                    objectName: "survey_" + surveyId
                    width: ListView.view.width
                    focus: ListView.isCurrentItem
                    focusPolicy: Qt.StrongFocus
                    padding: Theme.spacingL
                    Accessible.role: Accessible.ListItem
                    Accessible.name: Outside.text(title) + ", " + page.stateText(closed, answered, pending, anonymous)
                    Accessible.description: closesAt ? closesAt.toLocaleString(Qt.locale(), Locale.ShortFormat) : ""

                    onClicked: {
                        ListView.view.currentIndex = index
                        page.openSurvey(surveyId)
                    }
                    Keys.onReturnPressed: clicked()
                    Keys.onEnterPressed: clicked()
                    Keys.onSpacePressed: clicked()

                    contentItem: ColumnLayout {
                        spacing: Theme.spacingXS

                        OutsideText {
                            objectName: "surveyRowTitle"
                            Layout.fillWidth: true
                            text: Outside.text(row.title)
                            maximumLineCount: 2
                            font.pixelSize: Theme.fontSubtitle
                            font.weight: !row.closed && !row.answered && !row.pending ? Font.DemiBold : Font.Normal
                            Accessible.ignored: true
                        }

                        Label {
                            objectName: "surveyRowState"
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            text: {
                                const parts = [page.stateText(row.closed, row.answered, row.pending, row.anonymous)]
                                if (row.closesAt && !row.closed)
                                    parts.push(qsTr("closes %1").arg(row.closesAt.toLocaleString(Qt.locale(), Locale.ShortFormat)))
                                return parts.join(" · ")
                            }
                            font.pixelSize: Theme.fontCaption
                            color: Material.secondaryTextColor
                            Accessible.ignored: true
                        }
                    }
                }
            }

            EmptyState {
                objectName: "surveysEmptyState"
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: Surveys.count === 0
                icon: "surveys"
                title: Surveys.loading ? qsTr("Loading…") : qsTr("No surveys")
                text: Surveys.loading ? "" : qsTr("Surveys sent to you appear here.")
            }
        }
    }
}
