import QtQuick
import QtQuick.Controls
import QtTest
import Tessera

// The first-sign-in password change: both fields, a local mismatch check, the policy shown, Enter
// moves on and submits, and what the Session answers is shown in its words.
Item {
    id: root

    width: 390
    height: 844

    PasswordChangePage {
        id: page

        anchors.fill: parent
        username: "L1234567"
        currentPassword: "temporary-password"
    }

    SignalSpy {
        id: submittedSpy

        target: page
        signalName: "submitted"
    }

    SignalSpy {
        id: cancelledSpy

        target: page
        signalName: "cancelled"
    }

    TestCase {
        name: "PasswordChangePage"
        when: windowShown

        function child(name) {
            const found = findChild(page, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function typeText(text) {
            for (let i = 0; i < text.length; ++i)
                keyClick(text[i])
        }

        function init() {
            tryVerify(() => !Session.busy, 15000)
            child("newPasswordField").text = ""
            child("confirmPasswordField").text = ""
            page.message = ""
            submittedSpy.clear()
            cancelledSpy.clear()
        }

        function test_introAndPolicy() {
            verify(child("introLabel").text.indexOf("L1234567") >= 0)
            verify(child("policyLabel").text.indexOf("12 characters") >= 0)
            compare(child("newPasswordField").Accessible.name, "New password")
            compare(child("newPasswordField").Accessible.description, child("policyLabel").text)
            compare(child("confirmPasswordField").Accessible.name, "Confirm new password")
        }

        function test_buttonNeedsBothFields() {
            const button = child("changePasswordButton")
            verify(!button.enabled)
            child("newPasswordField").text = "correct horse battery"
            verify(!button.enabled)
            child("confirmPasswordField").text = "correct horse battery"
            verify(button.enabled)
        }

        function test_mismatchIsCaughtHere() {
            child("newPasswordField").text = "correct horse battery"
            child("confirmPasswordField").text = "correct horse batteyr"
            mouseClick(child("changePasswordButton"))
            compare(child("messageLabel").text, "The two passwords do not match.")
            verify(child("messageLabel").visible)
            compare(submittedSpy.count, 0, "nothing sent")
            verify(child("confirmPasswordField").activeFocus)
        }

        function test_enterMovesOnThenSubmitsToTheSession() {
            child("newPasswordField").forceActiveFocus()
            typeText("correct horse battery")
            keyClick(Qt.Key_Return)
            verify(child("confirmPasswordField").activeFocus)
            typeText("correct horse battery")
            keyClick(Qt.Key_Return)
            compare(submittedSpy.count, 1)
            compare(Session.state, Session.SigningIn)
            verify(child("changePasswordButton").busy)
            verify(!child("newPasswordField").enabled)
            // No server listens in this test: the Session says so, and the page shows it.
            tryVerify(() => !Session.busy, 15000)
            compare(child("messageLabel").text,
                    "No connection to the server. Check the network and try again.")
        }

        function test_backToSignIn() {
            mouseClick(child("backToSignInButton"))
            compare(cancelledSpy.count, 1)
        }
    }
}
