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
            tryVerify(() => !Session.busy, 15000)
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

        function test_signInIsBusyThenSaysThereIsNoConnection() {
            const message = child("messageLabel")
            const button = child("signInButton")
            child("userField").text = "jdoe"
            child("passwordField").text = "secret"
            verify(!message.visible)

            mouseClick(button)
            // The Session is asked at once: the page is busy until it answers.
            compare(Session.state, Session.SigningIn)
            verify(page.busy)
            verify(button.busy)
            verify(!button.enabled)
            verify(!child("userField").enabled)
            verify(!child("passwordField").enabled)
            compare(button.text, "Signing in…")

            // Nobody listens on the test's server port: the Session's words for that.
            tryCompare(Session, "state", Session.SignedOut, 15000)
            verify(!page.busy)
            verify(message.visible)
            compare(message.text, "No connection to the server. Check the network and try again.")
            compare(message.Accessible.role, Accessible.AlertMessage)
            verify(child("userField").enabled)
            compare(child("userField").text, "jdoe", "the user name stays")

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
            compare(Session.state, Session.SigningIn, "Enter in the password field submits")
            tryCompare(Session, "state", Session.SignedOut, 15000)
            verify(child("messageLabel").visible)
        }

        function test_tabOrder() {
            child("userField").forceActiveFocus()
            child("userField").text = "jdoe"
            child("passwordField").text = "pw"
            keyClick(Qt.Key_Tab)
            verify(child("passwordField").activeFocus, "Tab: user name, then password")
            keyClick(Qt.Key_Tab)
            verify(child("revealButton").activeFocus, "then the password's Show button")
            keyClick(Qt.Key_Tab)
            verify(child("signInButton").activeFocus, "then Sign in")
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
