import QtQuick
import QtTest
import Tessera
import TesseraTest

// The card view (qml/cards/) on cards read by the real CardDocument: every display element of
// the subset is drawn; a ToggleVisibility toggles its targets; a ShowCard expands and collapses
// its card; Submit and Execute validate their inputs with the form first and send only when they
// pass; an OpenUrl asks first, naming the host; a link in a text opens through the card's list,
// by tap or by keyboard; and text that looks like markup shows as the characters it is.
Item {
    id: root

    width: 390
    height: 844

    readonly property var displayCard: ({
            "type": "AdaptiveCard",
            "version": "1.5",
            "body": [
                { "type": "TextBlock", "id": "title", "text": "Hello **there**, see [the policy](https://hr.example.com/policy)", "wrap": true },
                { "type": "RichTextBlock", "id": "rich", "inlines": ["plain ", { "type": "TextRun", "text": "bold", "weight": "bolder" }] },
                { "type": "Image", "id": "image", "url": "https://hr.example.com/a.png", "altText": "An avatar", "size": "small" },
                { "type": "ImageSet", "id": "imageSet", "images": [{ "type": "Image", "url": "https://hr.example.com/b.png", "altText": "B" }] },
                { "type": "Container", "id": "details", "style": "emphasis", "isVisible": false,
                  "items": [{ "type": "TextBlock", "id": "detailsText", "text": "Details" }] },
                { "type": "ColumnSet", "id": "columns", "columns": [
                    { "type": "Column", "id": "left", "width": "auto", "items": [{ "type": "TextBlock", "text": "Left" }] },
                    { "type": "Column", "id": "right", "width": "stretch", "items": [{ "type": "TextBlock", "text": "Right" }],
                      "selectAction": { "type": "Action.Submit", "title": "Pick right", "data": { "column": "right" } } }] },
                { "type": "FactSet", "id": "facts", "facts": [{ "title": "Annual", "value": "12 days" }] },
                { "type": "Table", "id": "table", "columns": [{ "width": 1 }, { "width": 1 }], "rows": [
                    { "type": "TableRow", "cells": [{ "type": "TableCell", "items": [{ "type": "TextBlock", "text": "Type" }] },
                                                   { "type": "TableCell", "items": [{ "type": "TextBlock", "text": "Days" }] }] }] },
                { "type": "ActionSet", "id": "set", "actions": [
                    { "type": "Action.ToggleVisibility", "id": "toggle", "title": "Details", "targetElements": ["details"] },
                    { "type": "Action.ToggleVisibility", "id": "hideFacts", "title": "Hide facts",
                      "targetElements": [{ "elementId": "facts", "isVisible": false }] }] }
            ],
            "actions": [
                { "type": "Action.Submit", "id": "submit", "title": "Send", "data": { "kind": "refresh" } },
                { "type": "Action.Execute", "id": "execute", "title": "Ask", "verb": "askHr", "data": { "topic": "x" } },
                { "type": "Action.OpenUrl", "id": "open", "title": "Open", "url": "https://hr.example.com/policy" },
                { "type": "Action.ShowCard", "id": "more", "title": "More", "card": { "type": "AdaptiveCard",
                    "body": [{ "type": "TextBlock", "id": "shown", "text": "Shown by ShowCard" }] } }
            ]
        })

    CardDocument {
        id: document

        json: root.displayCard
    }

    CardView {
        id: view

        width: root.width
        document: document
    }

    SignalSpy {
        id: submitted

        target: view
        signalName: "submitted"
    }

    SignalSpy {
        id: opened

        target: view
        signalName: "openUrl"
    }

    // The form of a card with two inputs, as the Submit test's action names them.
    CardForm {
        id: twoInputsForm

        json: ({
                "type": "AdaptiveCard",
                "version": "1.5",
                "body": [
                    { "type": "Input.Number", "id": "days", "label": "Days", "isRequired": true },
                    { "type": "Input.Text", "id": "reason", "label": "Reason", "isRequired": true },
                    { "type": "Input.Text", "id": "note", "label": "Note", "isRequired": true }
                ],
                "actions": [{ "type": "Action.Submit", "title": "Apply" }]
            })
    }

    Component {
        id: textBlockComponent

        CardTextBlock {
            width: 300
        }
    }

    Component {
        id: buttonComponent

        CardActionButton {}
    }

    TestCase {
        name: "CardView"
        when: windowShown

        function init() {
            HostileProbe.clearWarnings()
            submitted.clear()
            opened.clear()
            view.context.visibility = {}
            view.form = null
        }

        function cleanup() {
            wait(20)
            compare(HostileProbe.warnings(), [], "warnings")
        }

        function child(name) {
            const found = findChild(view, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function editOf(item) {
            // The TextEdit inside a CardRichText.
            for (let i = 0; i < item.children.length; ++i) {
                if (item.children[i].textDocument !== undefined)
                    return item.children[i]
            }
            return null
        }

        function test_documentIsValid() {
            verify(document.valid, JSON.stringify(document.problems))
            compare(document.body.length, 9)
        }

        function test_everyDisplayElementRenders() {
            const names = ["card-TextBlock:title", "card-RichTextBlock:rich", "card-Image:image",
                           "card-ImageSet:imageSet", "card-ColumnSet:columns", "card-FactSet:facts",
                           "card-Table:table", "card-ActionSet:set"]
            for (let i = 0; i < names.length; ++i) {
                const slot = child(names[i])
                verify(slot.visible, names[i] + " is visible")
                verify(slot.view !== null, names[i] + " has its view")
                verify(slot.height > 0, names[i] + " has a height")
                verify(slot.width > 0, names[i] + " has a width")
            }
            const title = editOf(child("card-TextBlock:title").view)
            compare(title.text, "Hello there, see the policy")
            compare(title.textFormat, TextEdit.PlainText)
            compare(editOf(child("card-RichTextBlock:rich").view).text, "plain bold")
            // Columns side by side, the auto one as wide as its text.
            const left = child("card-Column:left")
            const right = child("card-Column:right")
            verify(left.width > 10 && left.width < 100, "auto column width " + left.width)
            verify(right.x >= left.x + left.width, "right of the auto column")
            compare(child("cardImagePlaceholder").visible, true)
        }

        function test_toggleVisibility() {
            const details = child("card-Container:details")
            verify(!details.visible)
            compare(details.height, 0)
            mouseClick(child("cardAction-toggle"))
            tryVerify(() => details.visible && details.height > 0)
            mouseClick(child("cardAction-toggle"))
            tryVerify(() => !details.visible)
            const facts = child("card-FactSet:facts")
            verify(facts.visible)
            mouseClick(child("cardAction-hideFacts"))
            tryVerify(() => !facts.visible)
            mouseClick(child("cardAction-hideFacts"))
            verify(!facts.visible, "isVisible false hides, never shows")
        }

        function test_showCardExpandsAndCollapses() {
            // The bar that holds the ShowCard (the Flow of its buttons is in it).
            const more = child("cardAction-more")
            const area = findChild(more.parent.parent, "cardShowCard")
            verify(area !== null)
            verify(!area.visible)
            verify(findChild(view, "card-TextBlock:shown") === null)
            mouseClick(more)
            tryVerify(() => area.visible && area.height > 0)
            const shown = findChild(view, "card-TextBlock:shown")
            verify(shown !== null && shown.visible)
            compare(editOf(shown.view).text, "Shown by ShowCard")
            mouseClick(more)
            tryVerify(() => !area.visible)
        }

        function test_submitAndExecuteSendTheirData() {
            mouseClick(child("cardAction-submit"))
            compare(submitted.count, 1)
            compare(submitted.signalArguments[0][0].kind, "refresh")
            compare(submitted.signalArguments[0][2], "")
            mouseClick(child("cardAction-execute"))
            compare(submitted.count, 2)
            compare(submitted.signalArguments[1][0].topic, "x")
            compare(submitted.signalArguments[1][2], "askHr")
        }

        function test_submitValidatesItsInputsFirst() {
            view.form = twoInputsForm
            twoInputsForm.setValue("days", "")
            twoInputsForm.setValue("reason", "")
            // An action as CardDocument gives it for a card with inputs.
            const button = createTemporaryObject(buttonComponent, root, {
                "cardAction": { "type": "Action.Submit", "id": "apply", "title": "Apply",
                                "data": { "d": 1 }, "inputIds": ["days", "reason"] },
                "context": view.context
            })
            button.clicked.connect(() => view.context.run(button.cardAction))
            mouseClick(button)
            compare(Object.keys(twoInputsForm.errors).sort(), ["days", "reason"],
                    "only the action's inputs are checked")
            compare(submitted.count, 0, "not sent while an input is wrong")
            twoInputsForm.setValue("days", "2")
            twoInputsForm.setValue("reason", "moving")
            mouseClick(button)
            compare(submitted.count, 1)
            compare(submitted.signalArguments[0][1], { "days": "2", "reason": "moving" })
            // No form to validate with: nothing is sent.
            view.form = null
            mouseClick(button)
            compare(submitted.count, 1)
        }

        function test_selectActionByTapAndKeyboard() {
            const right = child("card-Column:right")
            // On its text and beside it.
            mouseClick(right, 5, right.height / 2)
            compare(submitted.count, 1)
            compare(submitted.signalArguments[0][0].column, "right")
            mouseClick(right, right.width - 5, right.height / 2)
            compare(submitted.count, 2)
            let area = null
            for (let i = 0; i < right.children.length; ++i) {
                if (right.children[i].Accessible.role === Accessible.Button)
                    area = right.children[i]
            }
            verify(area !== null && area.activeFocusOnTab)
            compare(area.Accessible.name, "Pick right")
            area.forceActiveFocus()
            keyClick(Qt.Key_Space)
            compare(submitted.count, 3)
        }

        function test_openUrlAsksNamingTheHost() {
            mouseClick(child("cardAction-open"))
            const dialog = findChild(view, "cardUrlDialog")
            tryCompare(dialog, "opened", true)
            compare(dialog.host, "hr.example.com")
            compare(opened.count, 0)
            mouseClick(findChild(dialog.footer, "cardUrlOpenButton"))
            tryCompare(opened, "count", 1)
            compare(document.links[opened.signalArguments[0][0]], "https://hr.example.com/policy")
            tryCompare(dialog, "visible", false)
        }

        function test_textLinkByTapAndKeyboard() {
            const block = child("card-TextBlock:title").view
            const link = findChild(block, "cardLink")
            verify(link !== null)
            mouseClick(link, link.width / 2, link.height / 2)
            compare(opened.count, 1)
            compare(document.links[opened.signalArguments[0][0]], "https://hr.example.com/policy")
            link.forceActiveFocus()
            keyClick(Qt.Key_Return)
            compare(opened.count, 2)
            keyClick(Qt.Key_Space)
            compare(opened.count, 3)
            compare(link.Accessible.role, Accessible.Link)
            compare(link.Accessible.name, "the policy")
        }

        function test_tabReachesTheActions() {
            const link = findChild(child("card-TextBlock:title").view, "cardLink")
            link.forceActiveFocus()
            let reached = false
            for (let i = 0; i < 12 && !reached; ++i) {
                keyClick(Qt.Key_Tab)
                reached = child("cardAction-submit").activeFocus
            }
            verify(reached, "Tab reaches the card's first action")
            keyClick(Qt.Key_Return)
            compare(submitted.count, 1)
        }

        function test_markupIsShownAsItsCharacters() {
            const block = createTemporaryObject(textBlockComponent, root, {
                "context": view.context,
                "element": { "type": "TextBlock", "wrap": true, "blocks": [{ "kind": "paragraph", "number": 0, "runs": [
                    { "text": "<b>x</b>", "bold": false, "italic": false, "link": -1 },
                    { "text": " <a href=\"https://evil.example.com\">y</a>", "bold": true, "italic": false, "link": 0 }] }] }
            })
            const edit = editOf(block)
            compare(edit.text, "<b>x</b> <a href=\"https://evil.example.com\">y</a>")
            compare(edit.textFormat, TextEdit.PlainText)
            // Drawn as the characters: far wider than a bold "x" and a "y".
            verify(edit.contentWidth > 100, "drawn " + edit.contentWidth + " px wide")
            compare(findChild(block, "cardLink").Accessible.name, " <a href=\"https://evil.example.com\">y</a>")
            compare(HostileProbe.textProblems(block, ["<b>", "<a href"]), [])
        }
    }
}
