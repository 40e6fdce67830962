import QtQuick
import Tessera
import TesseraTest

// Hostile outside text in the card's inputs (tst_qml_hostile_cardinputs): every text an input
// shows from the card or the server (label, placeholder, title, choice titles, the value, the
// server's error message) gets markup, <img> and <a> tags, bidi overrides, 10,000-character
// words and 100 KB strings in turn, with the date calendar and a compact list open. Fails on a
// crash, a warning, a network request from QML, or a Text that shows such a string other than as
// plain text, with a bidi override, or wider than itself or the window.
HostileRoot {
    id: root

    CardInputsRoot {
        id: cards

        anchors.fill: parent
    }

    HostileCase {
        name: "HostileCardInputs"

        // The inputs made, one of each shape.
        readonly property var ids: ["name", "reason", "pin", "days", "from", "at", "half", "kind",
                                    "site", "tags", "office"]

        // The element map of this input with every text of it hostile.
        function hostileElement(id, v) {
            const element = cards.element(id)
            const input = element.input
            input.label = v
            input.placeholder = v
            input.errorMessage = v
            input.title = v
            if (input.choices.length > 0)
                input.choices = [{ title: v, value: input.choices[0].value },
                                 { title: v + " 2", value: v.slice(0, 200) }]
            return element
        }

        function test_inputs() {
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variant(i)
                const form = cards.newForm(this)
                const inputs = ids.map(id => cards.make(this, form, hostileElement(id, v)))
                form.setValue("name", v)
                // A field shows its value exactly as it will be sent (what the person typed, or
                // the card's own value): the multi-line one is a TextEdit, which the probe reads,
                // so it gets the string without its bidi controls.
                form.setValue("reason", Outside.text(v, v.length))
                form.setValue("office", "berlin")
                form.setServerErrors(ids.map(id => ({ input: id, message: v })))
                check("the card's inputs with hostile string " + i)
                verify(shows(Outside.text(v, Outside.textLimit)), "the server's message as it is")
                if (i === 3)
                    shoot("cardinputs-hostile-" + i)

                const date = inputs[ids.indexOf("from")]
                date.popup.openOn("")
                tryCompare(date.popup, "opened", true)
                check("the calendar with hostile string " + i)
                date.popup.close()
                tryCompare(date.popup, "visible", false)

                const combo = findChild(inputs[ids.indexOf("kind")], "cardChoiceCombo")
                combo.popup.open()
                tryCompare(combo.popup, "opened", true)
                check("a compact list with hostile string " + i)
                combo.popup.close()
                tryCompare(combo.popup, "visible", false)

                for (let k = 0; k < inputs.length; ++k)
                    inputs[k].destroy()
                form.destroy()
                wait(0)
            }
        }
    }
}
