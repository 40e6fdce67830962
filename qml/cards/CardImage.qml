import QtQuick
import Tessera

// An Image of a card: its picture from the card view's imageResolver (a local URL; never the
// network), else a neutral placeholder that shows the altText. Size small, medium or large
// (square boxes), auto (its natural size, at most the width), stretch (the width), or its pixel
// width and height; aligned left, center or right; round for style "person". A selectAction
// makes it a button.
Item {
    id: image

    required property var element
    required property CardContext context

    readonly property string source: context.imageSource(element.url)
    readonly property bool hasPicture: source.length > 0 && picture.status !== Image.Error
    readonly property int pixelWidth: /px$/.test(element.width || "") ? parseInt(element.width) : 0
    readonly property int pixelHeight: /px$/.test(element.height || "") ? parseInt(element.height) : 0
    readonly property int boxSide: element.size === "small" ? 40 : element.size === "large" ? 160 : element.size === "medium" ? 80 : 0
    readonly property real boxWidth: Math.min(width > 0 ? width : 1e6, pixelWidth > 0 ? pixelWidth
                                                : boxSide > 0 ? boxSide
                                                : element.size === "stretch" ? width
                                                : hasPicture ? picture.implicitWidth : 160)
    readonly property real boxHeight: pixelHeight > 0 ? pixelHeight
                                    : boxSide > 0 ? boxSide
                                    : hasPicture && picture.implicitWidth > 0 ? boxWidth * picture.implicitHeight / picture.implicitWidth
                                    : element.size === "stretch" ? 120 : 96

    implicitWidth: boxWidth
    implicitHeight: boxHeight
    Accessible.role: Accessible.Graphic
    Accessible.name: Outside.text(element.altText)

    Item {
        id: box

        width: image.boxWidth
        height: image.boxHeight
        x: image.element.horizontalAlignment === "center" ? (image.width - width) / 2
         : image.element.horizontalAlignment === "right" ? image.width - width : 0

        CardActionArea {
            context: image.context
            action: image.element.selectAction || ({})
        }

        Image {
            id: picture

            anchors.fill: parent
            visible: image.hasPicture
            source: image.source
            fillMode: Image.PreserveAspectFit
            asynchronous: true
        }

        Rectangle {
            objectName: "cardImagePlaceholder"
            anchors.fill: parent
            visible: !image.hasPicture
            radius: image.element.style === "person" ? Math.min(width, height) / 2 : Theme.radiusS
            color: Theme.tint(image.context.foreground, 0.08)
            border.color: image.context.colors.outline
            border.width: 1

            OutsideText {
                anchors.fill: parent
                anchors.margins: Theme.spacingXS
                text: Outside.text(image.element.altText)
                visible: parent.width >= 48
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                maximumLineCount: 3
                font.pixelSize: Theme.fontCaption
                color: image.context.secondaryForeground
                Accessible.ignored: true
            }
        }
    }
}
