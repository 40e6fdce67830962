import QtQuick
import QtQuick.Controls.Material
import Tessera

// An Adaptive Card (docs/CARDS.md) drawn natively: `document` (a CardDocument) says what, `form`
// (a CardForm of the same card) holds what the person types into its inputs. submitted(data,
// values, verb, actionId) when an Action.Submit or Action.Execute passes validation (verb: the
// Execute's, "" for a Submit; actionId: the action's id, "" when it has none); openUrl(link) for a link of the card (an index into document.links), after
// the person agreed for an Action.OpenUrl. No text of the card is ever read as markup; images
// come only from imageResolver (link index -> a local URL or ""), never from the network.
Item {
    id: view

    property CardDocument document
    property CardForm form: null
    property var imageResolver: null

    signal submitted(var data, var values, string verb, string actionId)
    signal openUrl(int link)

    readonly property int padding: Theme.spacingL

    implicitWidth: body.naturalWidth + 2 * padding
    implicitHeight: body.implicitHeight + 2 * padding

    Accessible.role: Accessible.Grouping
    Accessible.name: document ? Outside.text(document.speak || document.fallbackText) : ""

    readonly property CardContext context: CardContext {
        document: view.document
        form: view.form
        imageResolver: view.imageResolver
        dark: view.Material.theme === Material.Dark
        foreground: view.Material.foreground
        secondaryForeground: view.Material.secondaryTextColor
        accent: view.Material.accentColor
        background: view.Material.dialogColor

        onSubmitted: (data, values, verb, actionId) => view.submitted(data, values, verb, actionId)
        onOpenUrl: link => view.openUrl(link)
        onConfirmOpenUrl: link => urlDialog.ask(link, view.document ? view.document.linkHost(link) : "")
    }

    Rectangle {
        anchors.fill: parent
        radius: Theme.radiusL
        color: view.context.background
        border.color: view.context.colors.outline
        border.width: 1
    }

    CardActionArea {
        context: view.context
        action: view.document ? view.document.selectAction : ({})
    }

    CardBody {
        id: body

        objectName: "cardBody"
        x: view.padding
        y: view.padding
        width: view.width - 2 * view.padding
        context: view.context
        elements: view.document ? view.document.body : []
        actions: view.document ? view.document.actions : []
    }

    CardUrlDialog {
        id: urlDialog

        onConfirmed: link => view.openUrl(link)
    }
}
