import QtQuick
import QtTest
import Tessera

// The errors the controls report as shown (ShownErrors, which the shell records as analytics):
// a Banner with an errorKind reports it each time it appears, never while hidden (itself or its
// page), a new kind while shown is reported too, a banner without a kind reports nothing; a Toast
// shown with a kind reports it, without one nothing; the words shown are never reported.
Item {
    id: root

    width: 390
    height: 844

    Item {
        id: page

        anchors.fill: parent

        Banner {
            id: errorBanner

            width: parent.width
            visible: false
            tone: "bad"
            text: "Could not reach the server (host.example)"
            errorKind: "inbox.sync"
        }

        Banner {
            id: plainBanner

            y: 100
            width: parent.width
            visible: false
            text: "Offline — showing what this device has"
        }
    }

    Toast {
        id: toast

        parent: root
    }

    SignalSpy {
        id: reported

        target: ShownErrors
        signalName: "shown"
    }

    TestCase {
        name: "ShownErrors"
        when: windowShown

        function kinds() {
            return reported.signalArguments.map(args => args[0])
        }

        function init() {
            errorBanner.visible = false
            errorBanner.errorKind = "inbox.sync"
            plainBanner.visible = false
            page.visible = true
            toast.close()
            reported.clear()
        }

        function test_bannerReportsEachAppearance() {
            compare(reported.count, 0)
            errorBanner.visible = true
            compare(kinds(), ["inbox.sync"])
            // Still shown: the same error is not counted again.
            errorBanner.text = "Could not reach the server again"
            compare(reported.count, 1)
            errorBanner.visible = false
            compare(reported.count, 1)
            errorBanner.visible = true
            compare(kinds(), ["inbox.sync", "inbox.sync"])
        }

        function test_hiddenPageReportsNothing() {
            page.visible = false
            errorBanner.visible = true
            compare(reported.count, 0)
            // The page shown: now the person sees it.
            page.visible = true
            compare(kinds(), ["inbox.sync"])
        }

        function test_anotherKindWhileShown() {
            errorBanner.visible = true
            errorBanner.errorKind = "scanner.sync"
            compare(kinds(), ["inbox.sync", "scanner.sync"])
            // A banner that no longer shows an error (a warning now) reports nothing.
            errorBanner.errorKind = ""
            compare(reported.count, 2)
        }

        function test_bannerWithoutKind() {
            plainBanner.visible = true
            verify(plainBanner.visible)
            compare(reported.count, 0)
        }

        function test_toast() {
            toast.show("This service is not available to you")
            tryVerify(() => toast.opened)
            compare(reported.count, 0)
            toast.show("Refused: the item was already decided", "inbox.decision")
            compare(kinds(), ["inbox.decision"])
            // Only the kind travels, never the words.
            verify(kinds().every(kind => kind.indexOf(" ") < 0))
        }
    }
}
