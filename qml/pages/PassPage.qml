import QtQuick.Controls
import Tessera

// The person's QR pass, shown at the office entrance and at medical checks. The pass display is
// being built; until it is wired here the page shows its empty state.
Page {
    id: page

    objectName: "passPage"
    title: qsTr("Pass")

    EmptyState {
        objectName: "passEmptyState"
        anchors.fill: parent
        icon: "pass"
        title: qsTr("Your pass will appear here")
        text: qsTr("Show it at the office entrance and at medical checks.")
    }
}
