import QtQuick
import QtQuick.Controls
import QtTest
import Tessera

// The scanner's full-screen verdict for each of the three outcomes: green "Allowed", red "Not
// allowed" with the reason, amber "Action needed" with the action; drawn over the whole window in
// its colour (checked in the rendered pixels), readable (contrast of the words on the colour),
// said to a screen reader in one sentence, and dismissed by a tap, by Escape or after 3 seconds.
Item {
    id: root

    width: 390
    height: 844

    VerdictOverlay {
        id: overlay
    }

    SignalSpy {
        id: dismissed

        target: overlay
        signalName: "dismissed"
    }

    TestCase {
        name: "VerdictOverlay"
        when: windowShown

        readonly property var denied: ({
                "verdict": "deny",
                "reason": "revoked",
                "message": "This pass has been revoked.",
                "initials": "BO",
                "subjectType": "employee",
                "processTitle": "Office entry"
            })
        readonly property var action: ({
                "verdict": "action",
                "reason": "status_required",
                "message": "Medical check: required",
                "action": "Send to medical check",
                "initials": "PV",
                "subjectType": "non_employee",
                "processTitle": "Medical check"
            })
        readonly property var allowed: ({
                "verdict": "allow",
                "message": "",
                "initials": "AR",
                "subjectType": "employee",
                "processTitle": "Office entry"
            })

        function init() {
            overlay.close()
            tryCompare(overlay, "visible", false)
            dismissed.clear()
        }

        function cleanup() {
            overlay.close()
        }

        // WCAG relative luminance and contrast ratio of two colours.
        function luminance(c) {
            const channel = v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)
            return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
        }
        function contrast(a, b) {
            const la = luminance(a), lb = luminance(b)
            return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
        }

        function show(result) {
            overlay.result = result
            overlay.open()
            tryCompare(overlay, "opened", true)
            waitForRendering(overlay.contentItem)
        }

        // The colour the window shows at (x, y), from the rendered frame.
        function pixelAt(x, y) {
            const image = grabImage(overlay.background)
            return image.pixel(x, y)
        }

        function label(name) {
            return findChild(overlay.contentItem, name)
        }

        function test_deniedIsRedWithTheReason() {
            show(denied)
            compare(overlay.width, root.width)
            compare(overlay.height, root.height)
            compare(label("scanVerdictHeadline").text, "Not allowed")
            const detail = label("scanVerdictDetail")
            verify(detail.visible)
            compare(detail.text, "This pass has been revoked.")
            compare(label("scanVerdictSubject").text, "BO · Employee")
            verify(Qt.colorEqual(overlay.tint, "#b3261e"))
            verify(Qt.colorEqual(pixelAt(4, 4), "#b3261e"), "the window shows the red")
            verify(Qt.colorEqual(pixelAt(overlay.width - 5, overlay.height - 5), "#b3261e"))
            verify(contrast(overlay.ink, overlay.tint) >= 4.5, "readable words on the red")
            compare(overlay.contentItem.Accessible.name,
                    "Not allowed. This pass has been revoked. BO · Employee")
        }

        function test_actionIsAmberWithWhatToDo() {
            show(action)
            compare(label("scanVerdictHeadline").text, "Action needed")
            const detail = label("scanVerdictDetail")
            verify(detail.visible)
            compare(detail.text, "Send to medical check")
            verify(detail.font.bold, "the action stands out")
            compare(label("scanVerdictSubject").text, "PV · Non-employee")
            verify(Qt.colorEqual(overlay.tint, "#f2b01e"))
            verify(Qt.colorEqual(pixelAt(4, 4), "#f2b01e"), "the window shows the amber")
            verify(!Qt.colorEqual(overlay.ink, "#ffffff"), "dark words on amber, not white")
            verify(contrast(overlay.ink, overlay.tint) >= 4.5, "readable words on the amber")
            compare(overlay.contentItem.Accessible.name,
                    "Action needed. Send to medical check. PV · Non-employee")
        }

        function test_allowedIsGreenWithoutDetail() {
            show(allowed)
            compare(label("scanVerdictHeadline").text, "Allowed")
            verify(!label("scanVerdictDetail").visible)
            verify(Qt.colorEqual(pixelAt(4, 4), "#1b7a3a"), "the window shows the green")
            verify(contrast(overlay.ink, overlay.tint) >= 4.5, "readable words on the green")
            compare(overlay.contentItem.Accessible.name, "Allowed. AR · Employee")
        }

        function test_aTapDismissesOnce() {
            show(denied)
            mouseClick(findChild(overlay.contentItem, "scanVerdictDismiss"))
            tryCompare(overlay, "visible", false)
            compare(dismissed.count, 1)
        }

        function test_escapeDismisses() {
            show(action)
            keyClick(Qt.Key_Escape)
            tryCompare(overlay, "visible", false)
            compare(dismissed.count, 1)
        }

        function test_itGoesAwayByItself() {
            show(allowed)
            // About 3 s (the page is ready for the next person without a tap).
            tryCompare(overlay, "visible", false, 10000)
            compare(dismissed.count, 1)
        }
    }
}
