import QtQuick
import QtTest
import Tessera

// The analytics consent panel (first screen after sign-in) and Profile's switch, on a recorder
// that keeps what it is told as the real one does (needsAnswer until a choice; enabled: the
// choice, else the organisation's default): the answers reach it, the close only hides the
// panel, keyboard and screen reader reach every control. The app's `Analytics` singleton exists
// (the real recorder, without a signed-in database here: nothing to answer yet).
Item {
    id: root

    width: 390
    height: 844

    QtObject {
        id: recorder

        property var consent: null // null: unset; true or false: the person's choice
        property bool serverDefault: true
        readonly property bool needsAnswer: consent === null
        readonly property bool enabled: consent === null ? serverDefault : consent
        property var calls: []

        function setConsent(on) {
            calls = calls.concat([on])
            consent = on
        }
    }

    Column {
        width: parent.width

        AnalyticsConsentPanel {
            id: panel

            width: parent.width
            recorder: recorder
        }

        AnalyticsConsentSwitch {
            id: toggle

            width: parent.width
            recorder: recorder
        }
    }

    SignalSpy {
        id: answered

        target: panel
        signalName: "answered"
    }

    TestCase {
        name: "AnalyticsConsent"
        when: windowShown

        function child(item, name) {
            const found = findChild(item, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function init() {
            recorder.consent = null
            recorder.serverDefault = true
            recorder.calls = []
            panel.dismissed = false
            answered.clear()
            // The panel back in the column: the switch below it again before anything is clicked.
            tryVerify(function() { return panel.visible && toggle.y >= panel.height })
        }

        function test_theAppsSingletonIsTheRecorder() {
            verify(Analytics !== null)
            compare(Analytics.needsAnswer, true)
            compare(Analytics.enabled, false)
        }

        function test_askedUntilAnswered() {
            verify(panel.visible)
            compare(child(panel, "analyticsConsentTitle").text, "Help improve Tessera?")
            compare(child(panel, "analyticsConsentText").textFormat, Text.PlainText)
            compare(panel.Accessible.name, "Usage statistics")
            mouseClick(child(panel, "analyticsConsentAccept"))
            compare(recorder.calls, [true])
            compare(answered.count, 1)
            compare(answered.signalArguments[0][0], true)
            verify(!panel.visible)
            verify(child(toggle, "analyticsConsentToggle").checked)
        }

        function test_declineFromTheKeyboard() {
            const decline = child(panel, "analyticsConsentDecline")
            decline.forceActiveFocus()
            verify(decline.activeFocus)
            keyClick(Qt.Key_Space)
            compare(recorder.calls, [false])
            verify(!panel.visible)
            verify(!child(toggle, "analyticsConsentToggle").checked)
        }

        function test_closeOnlyHides() {
            mouseClick(child(panel, "analyticsConsentClose"))
            verify(!panel.visible)
            compare(recorder.calls, [])
            compare(recorder.consent, null)
            compare(child(panel, "analyticsConsentClose").Accessible.name, "Ask me later")
        }

        function test_switchFollowsTheDefaultThenTheChoice() {
            const sw = child(toggle, "analyticsConsentToggle")
            verify(sw.checked) // the organisation's default, no choice yet
            recorder.serverDefault = false
            verify(!sw.checked)
            compare(toggle.Accessible.name, "Share usage statistics")
            compare(toggle.Accessible.checked, false)
            mouseClick(toggle)
            compare(recorder.calls, [true])
            verify(sw.checked)
            toggle.forceActiveFocus()
            keyClick(Qt.Key_Space)
            compare(recorder.calls, [true, false])
            verify(!sw.checked)
            verify(!panel.visible) // answered through the switch: not asked again
        }
    }
}
