import QtQuick
import Tessera

// The navigation's icons, drawn from rectangles on a 24-unit grid (crisp at any size, any theme,
// on every scene graph backend; no icon font or SVG module needed). kind: "home", "inbox", "pass",
// "scanner", "profile", "services" or "news". Decorative: the button around it carries the name.
Item {
    id: icon

    property string kind: ""
    property real size: 24
    property color color: Theme.iconDefault
    readonly property real u: size / 24 // one grid unit
    readonly property real stroke: 2 * u

    implicitWidth: size
    implicitHeight: size
    Accessible.ignored: true

    // Only the kind shown is made (a bar and a rail of buttons made every kind's rectangles, hidden,
    // on the start-up's first frame: docs/PERFORMANCE.md, bench_startup).
    Loader {
        anchors.fill: parent
        sourceComponent: {
            switch (icon.kind) {
            case "home":
                return homeIcon
            case "inbox":
                return inboxIcon
            case "pass":
                return passIcon
            case "scanner":
                return scannerIcon
            case "profile":
                return profileIcon
            case "services":
                return servicesIcon
            case "surveys":
                return surveysIcon
            case "news":
                return newsIcon
            default:
                return null
            }
        }
    }

    // home: a house, its roof two strokes turned 45 degrees, with a door
    Component {
        id: homeIcon

        Item {
            anchors.fill: parent

            Rectangle {
                x: 5 * icon.u; y: 11 * icon.u; width: 14 * icon.u; height: 10 * icon.u
                color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
            Rectangle {
                x: 1.5 * icon.u; y: 6 * icon.u; width: 12 * icon.u; height: icon.stroke
                rotation: -42; antialiasing: true; color: icon.color
            }
            Rectangle {
                x: 10.5 * icon.u; y: 6 * icon.u; width: 12 * icon.u; height: icon.stroke
                rotation: 42; antialiasing: true; color: icon.color
            }
            Rectangle { x: 10.5 * icon.u; y: 15 * icon.u; width: 3 * icon.u; height: 6 * icon.u; color: icon.color }
        }
    }

    // inbox: a tray with a dip in its front edge
    Component {
        id: inboxIcon

        Item {
            anchors.fill: parent

            Rectangle {
                x: 3 * icon.u; y: 4 * icon.u; width: 18 * icon.u; height: 16 * icon.u
                radius: 2 * icon.u; color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
            Rectangle { x: 3 * icon.u; y: 13 * icon.u; width: 5 * icon.u; height: icon.stroke; color: icon.color }
            Rectangle { x: 16 * icon.u; y: 13 * icon.u; width: 5 * icon.u; height: icon.stroke; color: icon.color }
            Rectangle { x: 8 * icon.u; y: 13 * icon.u; width: icon.stroke; height: 4 * icon.u; color: icon.color }
            Rectangle { x: 14 * icon.u; y: 13 * icon.u; width: icon.stroke; height: 4 * icon.u; color: icon.color }
            Rectangle { x: 8 * icon.u; y: 15 * icon.u; width: 8 * icon.u; height: icon.stroke; color: icon.color }
        }
    }

    // pass: a card with a small code on it
    Component {
        id: passIcon

        Item {
            anchors.fill: parent

            Rectangle {
                x: 4 * icon.u; y: 2 * icon.u; width: 16 * icon.u; height: 20 * icon.u
                radius: 2.5 * icon.u; color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
            Repeater {
                model: 4
                delegate: Rectangle {
                    required property int index
                    x: (8 + (index % 2) * 5) * icon.u
                    y: (6 + Math.floor(index / 2) * 5) * icon.u
                    width: 3 * icon.u; height: 3 * icon.u; color: icon.color
                }
            }
            Rectangle { x: 8 * icon.u; y: 17 * icon.u; width: 8 * icon.u; height: icon.stroke; color: icon.color }
        }
    }

    // scanner: a viewfinder's four corners and the scan line
    Component {
        id: scannerIcon

        Item {
            anchors.fill: parent

            Repeater {
                model: 4
                delegate: Item {
                    required property int index
                    id: corner

                    readonly property bool atRight: index % 2 === 1
                    readonly property bool atBottom: index >= 2
                    x: (atRight ? 15 : 3) * icon.u
                    y: (atBottom ? 15 : 3) * icon.u
                    width: 6 * icon.u
                    height: 6 * icon.u

                    Rectangle { y: corner.atBottom ? corner.height - icon.stroke : 0; width: corner.width; height: icon.stroke; color: icon.color }
                    Rectangle { x: corner.atRight ? corner.width - icon.stroke : 0; width: icon.stroke; height: corner.height; color: icon.color }
                }
            }
            Rectangle { x: 6 * icon.u; y: 11 * icon.u; width: 12 * icon.u; height: icon.stroke; color: icon.color }
        }
    }

    // profile: a head and shoulders
    Component {
        id: profileIcon

        Item {
            anchors.fill: parent

            Rectangle {
                x: 8 * icon.u; y: 2.5 * icon.u; width: 8 * icon.u; height: 8 * icon.u
                radius: 4 * icon.u; color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
            Item {
                x: 3 * icon.u; y: 13 * icon.u; width: 18 * icon.u; height: 8.5 * icon.u
                clip: true

                Rectangle {
                    width: parent.width; height: 2 * parent.height
                    radius: 9 * icon.u; color: "transparent"
                    border.width: icon.stroke; border.color: icon.color
                }
                Rectangle {
                    y: parent.height - icon.stroke; width: parent.width; height: icon.stroke; color: icon.color
                }
            }
        }
    }

    // services: four tiles, the catalogue's services
    Component {
        id: servicesIcon

        Item {
            anchors.fill: parent

            Rectangle {
                x: 3 * icon.u; y: 3 * icon.u; width: 8 * icon.u; height: 8 * icon.u
                radius: 2 * icon.u; color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
            Rectangle {
                x: 13 * icon.u; y: 3 * icon.u; width: 8 * icon.u; height: 8 * icon.u
                radius: 2 * icon.u; color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
            Rectangle {
                x: 3 * icon.u; y: 13 * icon.u; width: 8 * icon.u; height: 8 * icon.u
                radius: 2 * icon.u; color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
            Rectangle {
                x: 13 * icon.u; y: 13 * icon.u; width: 8 * icon.u; height: 8 * icon.u
                radius: 2 * icon.u; color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
        }
    }

    // surveys: a clipboard with two ticked lines
    Component {
        id: surveysIcon

        Item {
            anchors.fill: parent

            Rectangle {
                x: 4 * icon.u; y: 3.5 * icon.u; width: 16 * icon.u; height: 17.5 * icon.u
                radius: 2 * icon.u; color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
            Rectangle { x: 9 * icon.u; y: 2 * icon.u; width: 6 * icon.u; height: 3 * icon.u; radius: icon.u; color: icon.color }
            Rectangle { x: 7 * icon.u; y: 9 * icon.u; width: 3 * icon.u; height: 3 * icon.u; color: icon.color }
            Rectangle { x: 12 * icon.u; y: 10 * icon.u; width: 5 * icon.u; height: icon.stroke; color: icon.color }
            Rectangle { x: 7 * icon.u; y: 14.5 * icon.u; width: 3 * icon.u; height: 3 * icon.u; color: icon.color }
            Rectangle { x: 12 * icon.u; y: 15.5 * icon.u; width: 5 * icon.u; height: icon.stroke; color: icon.color }
        }
    }

    // news: a folded page with a picture and lines of text
    Component {
        id: newsIcon

        Item {
            anchors.fill: parent

            Rectangle {
                x: 3 * icon.u; y: 3 * icon.u; width: 18 * icon.u; height: 18 * icon.u
                radius: 2 * icon.u; color: "transparent"
                border.width: icon.stroke; border.color: icon.color
            }
            Rectangle { x: 6.5 * icon.u; y: 6.5 * icon.u; width: 5 * icon.u; height: 5 * icon.u; color: icon.color }
            Rectangle { x: 13 * icon.u; y: 7 * icon.u; width: 4.5 * icon.u; height: icon.stroke; color: icon.color }
            Rectangle { x: 13 * icon.u; y: 10.5 * icon.u; width: 4.5 * icon.u; height: icon.stroke; color: icon.color }
            Rectangle { x: 6.5 * icon.u; y: 14 * icon.u; width: 11 * icon.u; height: icon.stroke; color: icon.color }
            Rectangle { x: 6.5 * icon.u; y: 17 * icon.u; width: 11 * icon.u; height: icon.stroke; color: icon.color }
        }
    }
}
