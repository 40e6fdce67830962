import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tessera

// A short message at the bottom of the window that goes away by itself (a decision that could
// not be queued, what a bulk approval left out). Read out by screen readers as an alert.
Popup {
    id: toast

    property string text: ""

    // errorKind: when the message is an error, its kind (a fixed code from core's
    // AnalyticsErrorKinds, never the message), reported to ShownErrors (analytics, with consent).
    function show(message, errorKind) {
        text = message
        open()
        timer.restart()
        if (typeof errorKind === "string")
            ShownErrors.report(errorKind)
    }

    objectName: "toast"
    x: (parent ? parent.width - width : 0) / 2
    y: parent ? parent.height - height - 24 : 0
    width: Math.min(parent ? parent.width - 32 : 480, 480)
    padding: 14
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    Material.theme: Material.Dark
    background: Rectangle {
        radius: Theme.radiusM
        color: Theme.toastBackground
    }

    contentItem: OutsideText {
        objectName: "toastText"
        text: Outside.text(toast.text, Outside.textLimit)
        maximumLineCount: 6
        color: Theme.toastText
        Accessible.role: Accessible.AlertMessage
        Accessible.name: text
    }

    Timer {
        id: timer

        interval: 6000
        onTriggered: toast.close()
    }
}
