import QtQuick
import Tessera
import TesseraTest

// Hostile outside text in the card view (qml/cards/, tst_qml_hostile_cards): every display
// element and action of a card with the hostile strings (markup, <img>, bidi overrides, 10,000-
// character words, 100 KB strings) in every text, as element maps straight into the card's body
// (the parser refuses markup, so the view is checked without it) and as a card read by the real
// CardDocument. Fails on a warning, a network request from QML, or a Text showing such a string
// other than as plain text (HostileCase.check).
HostileRoot {
    id: root

    Component {
        id: contextComponent

        CardContext {
            foreground: "black"
            secondaryForeground: "gray"
            accent: "blue"
            background: "white"
        }
    }

    Component {
        id: bodyComponent

        CardBody {}
    }

    Component {
        id: viewComponent

        CardView {}
    }

    Component {
        id: documentComponent

        CardDocument {}
    }

    function run(text, link) {
        return { "text": text, "bold": true, "italic": false, "link": link }
    }

    function textBlock(v) {
        return { "type": "TextBlock", "id": "t", "isVisible": true, "spacing": "default", "wrap": true,
                 "blocks": [{ "kind": "paragraph", "number": 0, "runs": [run(v, -1), run(v, 0)] },
                            { "kind": "bullet", "number": 0, "runs": [run(v, -1)] }] }
    }

    function hostileBody(v) {
        const action = { "type": "Action.Submit", "title": v, "tooltip": v, "data": { "v": v }, "inputIds": [] }
        return [
            textBlock(v),
            Object.assign(textBlock(v), { "wrap": false }),
            { "type": "RichTextBlock", "inlines": [{ "text": v, "weight": "bolder" }, { "text": v, "selectAction": action }] },
            { "type": "Image", "url": 0, "altText": v, "size": "medium" },
            { "type": "ImageSet", "imageSize": "small", "items": [{ "type": "Image", "url": 0, "altText": v }] },
            { "type": "Container", "style": "attention", "selectAction": action, "items": [textBlock(v)] },
            { "type": "ColumnSet", "items": [{ "type": "Column", "width": "auto", "items": [textBlock(v)] },
                                             { "type": "Column", "width": "stretch", "items": [textBlock(v)] }] },
            { "type": "FactSet", "facts": [{ "title": v, "value": v }] },
            { "type": "Table", "columns": [{ "width": "1" }], "items": [{ "type": "TableRow", "items": [
                { "type": "TableCell", "items": [textBlock(v)] }] }] },
            { "type": "ActionSet", "actions": [action, { "type": "Action.ShowCard", "id": "show", "title": v,
                "card": { "body": [textBlock(v)], "actions": [action] } }] },
            // Secret text (masked, then shown: CardSecretValue).
            { "type": "FactSet", "facts": [{ "title": v, "value": v, "secret": true }] },
            Object.assign(textBlock(v), { "text": v, "secret": true })
        ]
    }

    function secrets(item, found) {
        if (item.objectName === "cardSecret")
            found.push(item)
        for (let i = 0; i < item.children.length; ++i)
            secrets(item.children[i], found)
        return found
    }

    HostileCase {
        id: test

        name: "HostileCards"

        function test_cardElements() {
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variant(i)
                const context = createTemporaryObject(contextComponent, root)
                const body = createTemporaryObject(bodyComponent, root, {
                    "context": context, "elements": hostileBody(v), "actions": hostileBody(v)[9].actions,
                    "width": root.width
                })
                verify(body !== null)
                check("card elements with hostile string " + i)
                // The secrets shown.
                const shown = secrets(body, [])
                compare(shown.length, 2)
                shown.forEach(each => each.revealed = true)
                check("secrets shown with hostile string " + i)
                // Open the ShowCard: its card meets the string too.
                const show = findChild(body, "cardAction-show")
                verify(show !== null)
                show.clicked()
                tryVerify(() => findChild(show.parent.parent, "cardShowCard").visible)
                check("an open ShowCard with hostile string " + i)
                if (i === 3)
                    shoot("card-elements-" + i)
                body.destroy()
                context.destroy()
                wait(0)
            }
        }

        // A card read by CardDocument: what the parser lets through that still looks like markup.
        function test_cardDocument() {
            const document = createTemporaryObject(documentComponent, root)
            document.json = {
                "type": "AdaptiveCard", "version": "1.5",
                "body": [{ "type": "TextBlock", "text": "&lt;b&gt;x&lt;/b&gt; \u202Egnp.exe\u202C " + "W".repeat(5000), "wrap": true },
                         { "type": "FactSet", "facts": [{ "title": "&lt;img src=x&gt;", "value": "x".repeat(3000) }] },
                         { "type": "Image", "url": "https://127.0.0.1/pixel.gif", "altText": "&lt;b&gt;" }],
                "actions": [{ "type": "Action.OpenUrl", "title": "&lt;b&gt;open&lt;/b&gt;", "url": "https://127.0.0.1/x" }]
            }
            verify(document.valid, JSON.stringify(document.problems))
            const view = createTemporaryObject(viewComponent, root, { "document": document, "width": root.width })
            verify(view !== null)
            check("a hostile card")
            verify(HostileProbe.shownTexts(root).some(t => t.indexOf("&lt;b&gt;x&lt;/b&gt;") === 0),
                   "the entities show as they are")
            verify(!HostileProbe.shownTexts(root).some(t => t.indexOf("\u202E") >= 0), "no bidi override")
        }
    }
}
