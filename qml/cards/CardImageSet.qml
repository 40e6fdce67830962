import QtQuick
import Tessera

// An ImageSet: its images side by side (wrapping to new lines), each in the set's imageSize
// (medium unless it says otherwise).
Flow {
    id: set

    required property var element
    required property CardContext context

    spacing: Theme.spacingS

    Repeater {
        model: set.element.items || []

        delegate: CardImage {
            required property var modelData

            element: Object.assign({}, modelData, {
                "size": set.element.imageSize && set.element.imageSize !== "auto" ? set.element.imageSize : "medium",
                "horizontalAlignment": "left"
            })
            context: set.context
            width: implicitWidth
        }
    }
}
