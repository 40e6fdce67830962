import QtQuick

// bench_startup's peer: the smallest Qt Quick window a person would call an app.
Window {
    width: 390
    height: 844
    visible: true
    title: "Peer"

    Text {
        anchors.centerIn: parent
        text: "Hello"
        font.pixelSize: 20
    }
}
