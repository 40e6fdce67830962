import QtQuick.Controls
import Tessera

// Scanning other people's passes (the scanner role). The camera view and the verdicts are being
// built; until they are wired here the page shows its empty state.
Page {
    id: page

    objectName: "scannerPage"
    title: qsTr("Scanner")

    EmptyState {
        objectName: "scannerEmptyState"
        anchors.fill: parent
        icon: "scanner"
        title: qsTr("No scans yet")
        text: qsTr("Passes you scan at entrances and medical checks will be listed here.")
    }
}
