import QtQuick
import QtQuick.Controls
import QtTest
import Tessera
import Tessera.QrCodes

// The pass page without a pass (the test's session is signed out): it says so in words, offers
// no code and leaves the screen guard off; the QR item draws a code for any text that fits.
Item {
    id: root

    width: 360
    height: 640

    PassPage {
        id: page

        anchors.fill: parent
    }

    QrCode {
        id: code

        width: 200
        height: 200
    }

    TestCase {
        name: "PassPage"
        when: windowShown

        function test_noPassSaysSoAndKeepsTheGuardOff() {
            compare(Pass.state, Pass.NoPass)
            const empty = findChild(page, "passEmptyState")
            verify(empty.visible)
            compare(empty.title, "Your pass will appear here")
            verify(!findChild(page, "passRetry").visible)
            verify(!findChild(page, "passQr").visible)
            compare(ScreenGuard.active, false)
        }

        function test_qrCodeDrawsWhatFits() {
            code.text = "TS1:ABC123"
            verify(code.modules >= 21, "a version-1 code has 21 modules")
            code.text = ""
            compare(code.modules, 0)
            code.text = "X".repeat(5000) // more than a QR code holds
            compare(code.modules, 0)
        }
    }
}
