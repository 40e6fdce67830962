import QtQuick
import QtTest
import Tessera
import TesseraTest

// The card view with its inputs glued together: a real CardDocument and a real CardForm of the
// same card (a leave form, as tests/data/cards/form.json) in a CardView. Submit with empty
// required inputs shows each error beside its field and sends nothing; once filled, it sends
// exactly the values of the action's inputs; associatedInputs "none" sends no values; the inputs
// of a ShowCard's card are validated only by that card's own Submit.
Item {
    id: root

    width: 390
    height: 1600

    readonly property var leaveCard: ({
            "type": "AdaptiveCard",
            "version": "1.5",
            "body": [
                { "type": "TextBlock", "text": "Request leave", "wrap": true },
                { "type": "Input.ChoiceSet", "id": "kind", "label": "Type of leave", "isRequired": true,
                  "errorMessage": "Choose the type of leave", "style": "expanded",
                  "choices": [{ "title": "Annual leave", "value": "annual" }, { "title": "Sick leave", "value": "sick" }] },
                { "type": "ColumnSet", "columns": [
                    { "type": "Column", "width": "stretch", "items": [
                        { "type": "Input.Date", "id": "from", "label": "From", "isRequired": true, "errorMessage": "Give the first day" }] },
                    { "type": "Column", "width": "stretch", "items": [
                        { "type": "Input.Date", "id": "to", "label": "To", "isRequired": true, "errorMessage": "Give the last day" }] }] },
                { "type": "Input.Toggle", "id": "halfDay", "title": "Half day", "valueOn": "true", "valueOff": "false", "value": "false" },
                { "type": "Input.Number", "id": "days", "label": "Working days", "min": 1, "max": 30, "isRequired": true,
                  "errorMessage": "Give a number of days from 1 to 30" },
                { "type": "Input.Text", "id": "reason", "label": "Reason", "maxLength": 20, "isRequired": true,
                  "errorMessage": "Say why you need the leave" }
            ],
            "actions": [
                { "type": "Action.Submit", "id": "send", "title": "Send request", "data": { "form": "leave" } },
                { "type": "Action.Submit", "id": "later", "title": "Later", "associatedInputs": "none", "data": { "remind": true } },
                { "type": "Action.ShowCard", "id": "handover", "title": "Handover", "card": { "type": "AdaptiveCard",
                    "body": [{ "type": "Input.Text", "id": "cover", "label": "Who covers for you", "isRequired": true,
                               "errorMessage": "Name who covers for you" }],
                    "actions": [{ "type": "Action.Submit", "id": "sendHandover", "title": "Send handover",
                                  "data": { "form": "handover" } }] } }
            ]
        })

    readonly property var mainInputs: ["kind", "from", "to", "days", "reason"]

    Component {
        id: viewComponent

        // The card is set by init() (the same JSON into both).
        CardView {
            document: CardDocument {}
            form: CardForm {}
        }
    }

    SignalSpy {
        id: submitted

        signalName: "submitted"
    }

    TestCase {
        name: "CardViewForm"
        when: windowShown

        property CardView view: null

        function init() {
            HostileProbe.clearWarnings()
            view = createTemporaryObject(viewComponent, root, { "width": root.width })
            verify(view !== null)
            view.document.json = root.leaveCard
            view.form.json = root.leaveCard
            verify(view.document.valid && view.form.valid)
            waitForRendering(view)
            submitted.clear()
            submitted.target = view
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

        function slotOf(type, id) {
            return child("card-" + type + ":" + id)
        }

        // The error shown beside an input ("" when none shows).
        function errorBeside(slot) {
            const error = findChild(slot, "inputError")
            verify(error !== null, "no error text in " + slot.objectName)
            return error.visible ? error.text : ""
        }

        function fillMainInputs() {
            view.form.setValue("kind", "annual")
            view.form.setValue("from", "2026-07-01")
            view.form.setValue("to", "2026-07-03")
            view.form.setValue("days", "3")
            // The reason typed by keyboard, as a person would.
            const field = findChild(slotOf("Input.Text", "reason"), "cardTextField")
            verify(field !== null)
            mouseClick(field)
            keyClick(Qt.Key_A)
            keyClick(Qt.Key_W)
            keyClick(Qt.Key_A)
            keyClick(Qt.Key_Y)
            tryCompare(view.form, "errors", ({}))
            compare(view.form.value("reason"), "away")
        }

        function test_emptyRequiredInputsShowErrorsAndSendNothing() {
            for (let i = 0; i < root.mainInputs.length; ++i)
                verify(view.form.errors[root.mainInputs[i]] === undefined)
            mouseClick(child("cardAction-send"))
            compare(submitted.count, 0, "nothing sent while required inputs are empty")
            compare(errorBeside(slotOf("Input.ChoiceSet", "kind")), "Choose the type of leave")
            compare(errorBeside(slotOf("Input.Date", "from")), "Give the first day")
            compare(errorBeside(slotOf("Input.Date", "to")), "Give the last day")
            compare(errorBeside(slotOf("Input.Number", "days")), "Give a number of days from 1 to 30")
            compare(errorBeside(slotOf("Input.Text", "reason")), "Say why you need the leave")
            // The toggle has a value; the ShowCard's input is not this action's.
            compare(errorBeside(slotOf("Input.Toggle", "halfDay")), "")
            verify(Object.keys(view.form.errors).indexOf("cover") < 0)
            compare(Object.keys(view.form.errors).sort(), root.mainInputs.slice().sort())
        }

        function test_filledInputsSendExactlyTheActionsValues() {
            mouseClick(child("cardAction-send"))
            compare(submitted.count, 0)
            fillMainInputs()
            // Once a value passes, its error goes.
            compare(errorBeside(slotOf("Input.Text", "reason")), "")
            compare(errorBeside(slotOf("Input.Date", "from")), "")
            // Out of range: still refused, and said beside the field.
            view.form.setValue("days", "31")
            mouseClick(child("cardAction-send"))
            compare(submitted.count, 0)
            verify(errorBeside(slotOf("Input.Number", "days")).length > 0)
            view.form.setValue("days", "3")
            mouseClick(child("cardAction-send"))
            compare(submitted.count, 1)
            compare(submitted.signalArguments[0][0], { "form": "leave" })
            compare(submitted.signalArguments[0][1], {
                        "kind": "annual", "from": "2026-07-01", "to": "2026-07-03",
                        "halfDay": "false", "days": "3", "reason": "away" })
            compare(submitted.signalArguments[0][2], "")
            compare(view.form.errors, {})
        }

        function test_associatedInputsNoneSendsNoValues() {
            mouseClick(child("cardAction-later"))
            compare(submitted.count, 1)
            compare(submitted.signalArguments[0][0], { "remind": true })
            compare(submitted.signalArguments[0][1], {})
            compare(view.form.errors, {}, "nothing validated")
            // Also with values filled in: none of them is sent.
            fillMainInputs()
            mouseClick(child("cardAction-later"))
            compare(submitted.count, 2)
            compare(submitted.signalArguments[1][1], {})
        }

        function test_showCardInputsAreValidatedOnlyByTheirOwnSubmit() {
            fillMainInputs()
            // The card's Submit neither checks nor sends the ShowCard's input.
            mouseClick(child("cardAction-send"))
            compare(submitted.count, 1)
            verify(Object.keys(submitted.signalArguments[0][1]).indexOf("cover") < 0)
            verify(Object.keys(view.form.errors).indexOf("cover") < 0)
            // The ShowCard's own Submit does.
            mouseClick(child("cardAction-handover"))
            tryVerify(() => findChild(view, "card-Input.Text:cover") !== null)
            const cover = slotOf("Input.Text", "cover")
            tryVerify(() => cover.visible)
            mouseClick(child("cardAction-sendHandover"))
            compare(submitted.count, 1, "not sent while its required input is empty")
            compare(errorBeside(cover), "Name who covers for you")
            compare(errorBeside(slotOf("Input.Text", "reason")), "")
            view.form.setValue("cover", "Sam")
            compare(errorBeside(cover), "")
            mouseClick(child("cardAction-sendHandover"))
            compare(submitted.count, 2)
            compare(submitted.signalArguments[1][0], { "form": "handover" })
            compare(submitted.signalArguments[1][1]["cover"], "Sam")
        }
    }
}
