import QtQuick
import QtTest
import Tessera
import TesseraTest

// Secret text on a card (`"tessera": {"secret": true}` on a fact or a TextBlock, read by the real
// CardDocument): masked ("Password hidden" to screen readers) until Show, tap, Enter or Space;
// masked again after its time and when hidden; Copy puts it on the real clipboard, says so in a
// toast, and SecretClipboard clears it after the (shortened) delay unless the clipboard changed.
Item {
    id: root

    width: 390
    height: 844

    readonly property string password: "kq7m-x2vd-9hfp"
    readonly property string pin: "4711-secret"

    CardDocument {
        id: document

        json: ({
                "type": "AdaptiveCard",
                "version": "1.5",
                "body": [
                    { "type": "TextBlock", "text": "Office Wi-Fi in Pune", "style": "heading" },
                    { "type": "FactSet", "id": "facts", "facts": [
                        { "title": "Network", "value": "Tessera-Guest-Pune" },
                        { "title": "Password", "value": root.password, "tessera": { "secret": true } }] },
                    { "type": "TextBlock", "id": "pin", "text": root.pin, "tessera": { "secret": true } }
                ]
            })
    }

    CardView {
        id: view

        width: root.width
        document: document
    }

    // Reads and writes the real clipboard as another app would.
    TextEdit {
        id: clipboard

        visible: false

        function read() {
            text = ""
            paste()
            return text
        }

        function write(value) {
            text = value
            selectAll()
            copy()
        }
    }

    TestCase {
        id: test

        name: "CardSecret"
        when: windowShown

        property int savedClearAfter: 0

        function initTestCase() {
            savedClearAfter = SecretClipboard.clearAfter
        }

        function cleanupTestCase() {
            SecretClipboard.clearAfter = savedClearAfter
        }

        function init() {
            HostileProbe.clearWarnings()
            view.visible = true
            SecretClipboard.clearAfter = 400
            clipboard.write("before")
            for (const each of secrets()) {
                each.revealed = false
                each.revealFor = 30000
            }
        }

        function cleanup() {
            wait(20)
            compare(HostileProbe.warnings(), [], "warnings")
        }

        function secrets() {
            const found = []
            collect(view, found)
            return found
        }

        function collect(item, found) {
            if (item.objectName === "cardSecret")
                found.push(item)
            for (let i = 0; i < item.children.length; ++i)
                collect(item.children[i], found)
        }

        // Every text shown under item (Text, TextEdit, Label), as one string.
        function shownText(item) {
            let all = item.visible && typeof item.text === "string" ? item.text + "\n" : ""
            for (let i = 0; i < item.children.length; ++i)
                all += shownText(item.children[i])
            return all
        }

        function passwordSecret() {
            const found = secrets().filter(s => s.secretText === root.password)
            compare(found.length, 1)
            return found[0]
        }

        function named(item, name) {
            const found = findChild(item, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function test_maskedUntilShown() {
            verify(document.valid, JSON.stringify(document.problems))
            compare(secrets().length, 2)
            const all = shownText(view)
            verify(all.indexOf("Tessera-Guest-Pune") >= 0, all)
            verify(all.indexOf(root.password) < 0, "the password is shown masked")
            verify(all.indexOf(root.pin) < 0, "the secret TextBlock is shown masked")
            const value = named(passwordSecret(), "cardSecretValue")
            compare(value.text, "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")
            compare(value.Accessible.name, "Password hidden")
            compare(named(passwordSecret(), "cardSecretShow").Accessible.name, "Show password")
            compare(named(passwordSecret(), "cardSecretCopy").Accessible.name, "Copy password")
        }

        function test_showRevealsAndHides() {
            const secret = passwordSecret()
            const show = named(secret, "cardSecretShow")
            const value = named(secret, "cardSecretValue")
            mouseClick(show)
            compare(value.text, root.password)
            compare(value.Accessible.name, root.password)
            compare(show.text, "Hide")
            verify(shownText(view).indexOf(root.pin) < 0, "only the one shown")
            mouseClick(show)
            compare(value.text, "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")
            // A tap on the value, then the keyboard.
            mouseClick(value)
            compare(value.text, root.password)
            mouseClick(value)
            verify(!secret.revealed)
            show.forceActiveFocus()
            keyClick(Qt.Key_Space)
            verify(secret.revealed)
            keyClick(Qt.Key_Return)
            verify(!secret.revealed)
            keyClick(Qt.Key_Enter)
            verify(secret.revealed)
        }

        function test_secretTextBlock() {
            const secret = secrets().filter(s => s.secretText === root.pin)[0]
            verify(secret !== undefined)
            const value = named(secret, "cardSecretValue")
            compare(value.Accessible.name, "Password hidden")
            mouseClick(named(secret, "cardSecretShow"))
            compare(value.text, root.pin)
        }

        function test_masksAgainByItself() {
            const secret = passwordSecret()
            secret.revealFor = 200
            mouseClick(named(secret, "cardSecretShow"))
            verify(secret.revealed)
            tryCompare(secret, "revealed", false, 2000)
            // Hidden (another page over it): masked at once.
            mouseClick(named(secret, "cardSecretShow"))
            verify(secret.revealed)
            view.visible = false
            verify(!secret.revealed)
        }

        function test_copyIsClearedAfterTheDelay() {
            const secret = passwordSecret()
            mouseClick(named(secret, "cardSecretCopy"))
            compare(clipboard.read(), root.password)
            verify(!secret.revealed, "copying does not show it")
            verify(secret.toast !== null)
            tryCompare(secret.toast, "opened", true)
            compare(secret.toast.text, "Copied \u2014 cleared from the clipboard in 1 minute")
            verify(SecretClipboard.pending)
            tryCompare(SecretClipboard, "pending", false, 3000)
            compare(clipboard.read(), "")
        }

        function test_notClearedWhenTheClipboardChanged() {
            mouseClick(named(passwordSecret(), "cardSecretCopy"))
            compare(clipboard.read(), root.password)
            clipboard.write("a link the person copied")
            tryCompare(SecretClipboard, "pending", false, 3000)
            compare(clipboard.read(), "a link the person copied")
        }
    }
}
