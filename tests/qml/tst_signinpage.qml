import QtQuick
import QtQuick.Controls
import QtTest
import Tessera

Item {
    id: root

    width: 390
    height: 844

    SignInPage {
        id: page

        anchors.fill: parent
    }

    TestCase {
        name: "SignInPage"
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
            child("modeSwitch").currentIndex = 0
            child("userField").text = ""
            child("passwordField").text = ""
            child("passwordField").revealed = false
            page.message = ""
            child("userField").forceActiveFocus()
        }

        function test_modeSwitchChangesLabelAndPlaceholder() {
            const label = child("userLabel")
            const field = child("userField")
            compare(page.accountKind, "ad")
            compare(label.text, "User name")
            compare(field.Accessible.name, "User name")
            const networkPlaceholder = field.placeholderText

            mouseClick(child("segment1"))
            compare(page.accountKind, "local")
            compare(label.text, "Local ID")
            compare(field.Accessible.name, "Local ID")
            verify(field.placeholderText !== networkPlaceholder)

            // Keyboard: Left on the focused segment goes back to the network account.
            child("segment1").forceActiveFocus()
            keyClick(Qt.Key_Left)
            compare(page.accountKind, "ad")
            compare(label.text, "User name")
        }

        function test_signInDisabledUntilBothFieldsAreFilled() {
            const button = child("signInButton")
            verify(!button.enabled)

            child("userField").forceActiveFocus()
            typeText("jdoe")
            compare(child("userField").text, "jdoe")
            verify(!button.enabled)

            child("passwordField").forceActiveFocus()
            typeText("pw")
            verify(button.enabled)

            child("userField").text = "   "
            verify(!button.enabled, "a blank user name does not count")
        }

        function test_signInSaysItIsNotAvailableYet() {
            const message = child("messageLabel")
            child("userField").text = "jdoe"
            child("passwordField").text = "secret"
            verify(!message.visible)

            mouseClick(child("signInButton"))
            verify(message.visible)
            compare(message.text, "Signing in isn't available in this version yet.")
            compare(message.Accessible.role, Accessible.AlertMessage)

            // Editing again clears the message.
            child("passwordField").text = "secret2"
            verify(!message.visible)
        }

        function test_enterMovesToPasswordThenSubmits() {
            child("userField").forceActiveFocus()
            typeText("jdoe")
            keyClick(Qt.Key_Return)
            verify(child("passwordField").activeFocus, "Enter in the user field moves on")
            typeText("pw")
            keyClick(Qt.Key_Return)
            verify(child("messageLabel").visible, "Enter in the password field submits")
        }

        function test_showHidePassword() {
            const field = child("passwordField")
            const toggle = child("revealButton")
            compare(field.echoMode, TextInput.Password)
            compare(toggle.Accessible.name, "Show password")
            mouseClick(toggle)
            compare(field.echoMode, TextInput.Normal)
            compare(toggle.Accessible.name, "Hide password")
            mouseClick(toggle)
            compare(field.echoMode, TextInput.Password)
        }

        function test_unreachableServerOffersRetry() {
            const retry = child("retryButton")
            verify(!retry.visible)
            Server.check()
            tryCompare(Server, "status", Server.Unreachable, 15000)
            verify(retry.visible)
            verify(child("serverStatusText").text.length > 0)

            mouseClick(retry)
            // Retrying goes through Checking again and ends where it was: nobody listens there.
            tryCompare(Server, "status", Server.Unreachable, 15000)
        }
    }
}
