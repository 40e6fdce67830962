import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// "Open surveys": the open surveys waiting for this person's answer (at most `limit`), for the
// inbox and Home; hidden when there is none. A survey (or "All surveys") asks the page it is in to
// open it under Surveys: openRequested(surveyId), with "" for the list. Titles are outside text.
ColumnLayout {
    id: section

    // How many surveys it lists.
    property int limit: 3

    signal openRequested(string surveyId)

    objectName: "openSurveysSection"
    visible: Surveys.openCount > 0
    spacing: 0
    Accessible.role: Accessible.Grouping
    Accessible.name: qsTr("Open surveys")

    RowLayout {
        Layout.fillWidth: true
        Layout.leftMargin: Theme.spacingL
        Layout.rightMargin: Theme.spacingS
        spacing: Theme.spacingS

        Label {
            objectName: "openSurveysHeading"
            Layout.fillWidth: true
            text: qsTr("Open surveys (%1)").arg(Surveys.openCount)
            font.weight: Font.DemiBold
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }

        Button {
            objectName: "openSurveysAll"
            flat: true
            text: qsTr("All surveys")
            Accessible.name: text
            onClicked: section.openRequested("")
        }
    }

    // The model lists the open, unanswered surveys first: rows below openCount are those.
    Repeater {
        model: Surveys

        delegate: ItemDelegate {
            id: entry

            required property int index
            required property string surveyId
            required property string title
            required property var closesAt

            objectName: "openSurvey_" + surveyId
            Layout.fillWidth: true
            visible: index < Math.min(Surveys.openCount, section.limit)
            leftPadding: Theme.spacingL
            rightPadding: Theme.spacingL
            text: Outside.text(title)
            focusPolicy: Qt.StrongFocus
            Accessible.role: Accessible.Button
            Accessible.name: qsTr("Survey: %1, closes %2").arg(Outside.text(title))
                .arg(closesAt ? closesAt.toLocaleString(Qt.locale(), Locale.ShortFormat) : "")
            onClicked: section.openRequested(surveyId)
            Keys.onReturnPressed: clicked()
            Keys.onEnterPressed: clicked()

            contentItem: OutsideText {
                text: entry.text
                wrapMode: Text.NoWrap
                Accessible.ignored: true
            }
        }
    }
}
