import QtQuick
import QtTest
import TesseraTest

// The TestCase of the hostile-text tests: after each test function no warning and no network
// request from QML; check() also finds no Text that shows a hostile string other than as plain
// text (HostileProbe.textProblems); shoot() takes a picture when asked for.
TestCase {
    // The item the tests put their pages in (the HostileRoot).
    property Item root: parent

    when: windowShown

    // The engine's refusals before the test function (a refusal is counted when it happens).
    property int requestsBefore: 0

    function init() {
        HostileProbe.clearWarnings()
        requestsBefore = HostileProbe.networkRequests
    }

    function cleanup() {
        settle()
        compare(HostileProbe.warnings(), [], "warnings")
        compare(HostileProbe.networkRequests - requestsBefore, 0, "network requests from QML")
    }

    // Lets layouts, loaders and image requests (if any were made) happen.
    function settle() {
        wait(50)
    }

    function check(what) {
        settle()
        const problems = HostileProbe.textProblems(root, root.markers)
        compare(problems, [], what)
        compare(HostileProbe.warnings(), [], what + ": warnings")
        compare(HostileProbe.networkRequests - requestsBefore, 0, what + ": network requests from QML")
    }

    // A picture of the window, when TESSERA_HOSTILE_SCREENSHOTS asks for them.
    function shoot(name) {
        const file = HostileProbe.screenshotFile(name)
        if (file.length > 0) {
            waitForRendering(root)
            grabImage(root).save(file)
        }
    }

    // Whether a visible Text shows exactly this text.
    function shows(text) {
        return HostileProbe.shownTexts(root).indexOf(text) >= 0
    }
}
