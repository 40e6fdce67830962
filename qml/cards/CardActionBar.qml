import QtQuick
import Tessera

// A card's actions (or an ActionSet's) as buttons side by side, wrapping to new lines. An
// Action.ShowCard opens its card under the bar (again: closes it; one open at a time); every
// other action runs through the card's context.
Column {
    id: bar

    required property CardContext context
    property var actions: []
    // The index of the ShowCard whose card is open, -1 for none.
    property int openCard: -1

    spacing: Theme.spacingS

    function activate(index) {
        const action = actions[index]
        if (!action || action.isEnabled === false)
            return
        if (action.type === "Action.ShowCard")
            openCard = openCard === index ? -1 : index
        else
            context.run(action)
    }

    onOpenCardChanged: {
        const action = openCard >= 0 ? actions[openCard] : null
        if (action && action.card)
            subCard.setSource(Qt.resolvedUrl("CardBody.qml"), {
                "context": context,
                "elements": action.card.body || [],
                "actions": action.card.actions || []
            })
        else
            subCard.source = ""
    }

    Flow {
        width: bar.width
        spacing: Theme.spacingS

        Repeater {
            model: bar.actions

            delegate: CardActionButton {
                required property var modelData
                required property int index

                cardAction: modelData
                context: bar.context
                expanded: bar.openCard === index
                maximumWidth: bar.width
                onClicked: bar.activate(index)
            }
        }
    }

    Rectangle {
        objectName: "cardShowCard"
        visible: bar.openCard >= 0
        width: bar.width
        height: visible ? subCard.height + 2 * Theme.spacingM : 0
        radius: Theme.radiusS
        color: bar.context.containerColor("emphasis")

        Loader {
            id: subCard

            x: Theme.spacingM
            y: Theme.spacingM
            width: parent.width - 2 * Theme.spacingM
        }
    }
}
