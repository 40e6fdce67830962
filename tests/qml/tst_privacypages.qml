import QtQuick
import QtTest
import Tessera

// Profile's My data and My devices with the real DataExport, PrivacyRequests and Devices behind
// them and a session that is signed out (tst_qml's setup: no server): what the pages say when the
// server cannot be asked, the request dialog's checks and words, the deletion's confirmation, the
// entries from the profile, Escape back, and the names assistive technology reads.
Item {
    id: root

    width: 390
    height: 844

    ProfilePage {
        id: profile

        anchors.fill: parent
        user: ({ id: "E1001", kind: "ad", username: "asha.rao", displayName: "Asha Rao",
                 email: "asha.rao@tessera.test", department: "Operations", userType: "employee",
                 geo: "Pune", roles: [] })
    }

    TestCase {
        name: "PrivacyPages"
        when: windowShown

        function child(parent, name) {
            const found = findChild(parent, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function subPage() {
            const stack = child(profile, "profileSubPages")
            return stack.currentItem
        }

        function cleanup() {
            profile.closeSubPage()
            tryCompare(child(profile, "profileSubPages"), "depth", 0)
        }

        function test_profileEntriesOpenThePages() {
            const entry = child(profile, "myDataEntry")
            compare(entry.Accessible.name, "My data")
            mouseClick(entry)
            tryVerify(() => subPage() !== null && subPage().objectName === "myDataPage")
            verify(child(profile, "profileSubPages").visible)
            // Escape goes back to the profile.
            keyClick(Qt.Key_Escape)
            tryCompare(child(profile, "profileSubPages"), "depth", 0)
            verify(!child(profile, "profileSubPages").visible)

            compare(child(profile, "myDevicesEntry").Accessible.name, "My devices")
            verify(profile.openMyDevices())
            compare(subPage().objectName, "myDevicesPage")
            mouseClick(child(subPage(), "myDevicesBack"))
            tryCompare(child(profile, "profileSubPages"), "depth", 0)
        }

        function test_devicesSayWhyThereIsNoList() {
            verify(profile.openMyDevices())
            const page = subPage()
            const banner = child(page, "devicesError")
            // Signed out here: the list cannot be asked for, and the page says so in words.
            tryVerify(() => banner.visible)
            compare(Devices.error, "You are not signed in.")
            compare(banner.text, Devices.error)
            verify(child(page, "devicesEmpty").visible)
            compare(Devices.count, 0)
            compare(child(page, "myDevicesBack").Accessible.name, "Back to profile")
            compare(child(page, "myDevicesRefresh").Accessible.name, "Refresh the list")
            // Nothing to sign out, and the model refuses what it has not got.
            verify(!Devices.signOut("some-other-device"))
            compare(Devices.error, "That device is not in your list.")
        }

        function test_myDataExportAndRequestsWithoutServer() {
            verify(profile.openMyData())
            const page = subPage()
            const exportButton = child(page, "exportButton")
            compare(exportButton.text, "Export my data…")
            compare(exportButton.Accessible.name, "Export my data…")
            compare(DataExport.choosesLocation, true)
            // My requests: the server cannot be asked; said in words, with Retry.
            const banner = child(page, "privacyRequestsError")
            tryVerify(() => banner.visible)
            compare(banner.text, "You are not signed in.")
            verify(!child(page, "privacyRequestsEmpty").visible)
            // A local ID's "Delete my account" is not offered to anyone else (nor signed out).
            verify(!child(page, "deleteAccountSection").visible)

            // Export asks where first: the suggested file, selected; Escape changes nothing.
            mouseClick(exportButton)
            const saveDialog = child(page, "exportSaveDialog")
            tryCompare(saveDialog, "opened", true)
            const pathField = child(saveDialog, "exportPathField")
            compare(pathField.text, DataExport.suggestedPath())
            verify(pathField.text.endsWith("/tessera-my-data.json"))
            verify(pathField.activeFocus)
            compare(pathField.selectedText, pathField.text)
            keyClick(Qt.Key_Escape)
            tryCompare(saveDialog, "visible", false)
            compare(DataExport.state, DataExport.Idle)

            // Export while signed out: asks nothing of the file system, says why.
            verify(DataExport.exportToPath("/nonexistent-folder/x.json"))
            tryCompare(DataExport, "busy", false)
            compare(DataExport.state, DataExport.Failed)
            compare(child(page, "exportMessage").text,
                    "Your data could not be exported: You are not signed in.")
        }

        function test_requestDialogChecksTheComment() {
            verify(profile.openMyData())
            const page = subPage()
            mouseClick(child(page, "askCorrectionButton"))
            const dialog = child(page, "privacyRequestDialog")
            tryCompare(dialog, "opened", true)
            const send = child(dialog, "privacyRequestSend")
            compare(send.text, "Send")
            verify(!send.enabled) // no comment yet
            const comment = child(dialog, "privacyRequestComment")
            verify(comment.activeFocus)
            keyClick(Qt.Key_A)
            keyClick(Qt.Key_B)
            compare(dialog.comment, "ab")
            verify(send.enabled)
            compare(child(dialog, "privacyRequestCount").text, "2 / 2000")
            // Markup stays the characters it is.
            compare(comment.textFormat, TextEdit.PlainText)
            comment.text = "x".repeat(2001)
            verify(!send.enabled)
            dialog.reject()
            tryCompare(dialog, "visible", false)

            // A deletion's dialog is its confirmation: what it means, and its own button.
            mouseClick(child(page, "askDeletionButton"))
            tryCompare(dialog, "opened", true)
            compare(dialog.kind, "deletion")
            compare(dialog.header.text, "Ask to delete your data?")
            compare(send.text, "Ask for deletion")
            verify(child(dialog, "privacyRequestExplanation").text.indexOf("cannot be undone") >= 0)
            compare(dialog.comment, "")
            keyClick(Qt.Key_Escape)
            tryCompare(dialog, "visible", false)
        }

        function test_requestsModelRefusesBadInput() {
            verify(!PrivacyRequests.send("erasure", "please"))
            compare(PrivacyRequests.error, "Choose a correction or a deletion.")
            verify(!PrivacyRequests.send("correction", "   "))
            compare(PrivacyRequests.error, "Say what it is about, in at most 2000 characters.")
            verify(!PrivacyRequests.deleteAccount("secret"))
            compare(PrivacyRequests.canDeleteAccount, false)
        }

        function test_keyboardReachesTheActions() {
            verify(profile.openMyData())
            const page = subPage()
            const exportButton = child(page, "exportButton")
            exportButton.forceActiveFocus()
            keyClick(Qt.Key_Tab)
            verify(child(page, "askCorrectionButton").activeFocus
                   || child(page, "cancelExportButton").activeFocus
                   || child(page, "askDeletionButton").activeFocus, "Tab leaves the export button for the next action")
        }
    }
}
