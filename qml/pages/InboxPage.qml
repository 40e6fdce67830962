import QtQuick.Controls
import Tessera

// The employee's inbox: notifications from company systems, to read or to approve or reject.
// The list itself (InboxModel) is being built; until it is wired here the page shows its empty
// state.
Page {
    id: page

    objectName: "inboxPage"
    title: qsTr("Inbox")

    EmptyState {
        objectName: "inboxEmptyState"
        anchors.fill: parent
        icon: "inbox"
        title: qsTr("No notifications yet")
        text: qsTr("Requests and updates from company systems will appear here.")
    }
}
