import QtQuick

// All six card inputs at once, each with an error, at phone size: every error shows under its
// field, nothing is drawn wider than itself or the window, and no warning is logged (HostileCase's
// check, with no hostile markers). With
// TESSERA_HOSTILE_SCREENSHOTS=<folder> it saves what it shows (cardinputs-THEME.png, with the
// date and time pickers open too; QT_QUICK_CONTROLS_MATERIAL_THEME=Dark for the dark theme).
CardInputsRoot {
    id: root

    // No warning and no network request from QML after each test (HostileCase's cleanup); shoot()
    // saves a picture when TESSERA_HOSTILE_SCREENSHOTS asks for one.
    HostileCase {
        name: "CardInputsLook"

        // Makes these inputs with a new form, gives them values that do not pass, validates, and
        // checks that each shows its error and all fit on the screen.
        function showWithErrors(ids, values) {
            const form = root.newForm(this)
            const inputs = ids.map(id => root.make(this, form, id))
            for (const id in values)
                form.setValue(id, values[id])
            verify(!form.validate())
            for (let i = 0; i < inputs.length; ++i) {
                const error = findChild(inputs[i], "inputError")
                verify(error.visible && error.text.length > 0, ids[i] + " shows its error")
            }
            waitForRendering(root, 500)
            const last = inputs[inputs.length - 1]
            verify(last.mapToItem(root, 0, last.height).y <= root.height, "all fit on the screen")
            check("the inputs as shown (1)")
            return { form: form, inputs: inputs }
        }

        // The six kinds of input, each with its error, and the date and time pickers open.
        function test_sixInputsWithErrors() {
            const shown = showWithErrors(["name", "days", "from", "at", "agree", "kind"],
                                         { days: "45", from: "2026-05-01", at: "07:30" })
            shoot("cardinputs")
            const date = shown.inputs[2]
            mouseClick(findChild(date, "chooseDateButton"))
            tryCompare(date.popup, "opened", true)
            check("the inputs as shown (2)")
            shoot("cardinputs-date")
            keyClick(Qt.Key_Escape)
            tryCompare(date.popup, "visible", false)
            const time = shown.inputs[3]
            mouseClick(findChild(time, "chooseTimeButton"))
            tryCompare(time.popup, "opened", true)
            check("the inputs as shown (3)")
            shoot("cardinputs-time")
            keyClick(Qt.Key_Escape)
            tryCompare(time.popup, "visible", false)
        }

        // The other shapes: a multi-line text, radio buttons, check boxes and a filtered list,
        // with the server's errors.
        function test_otherShapesWithServerErrors() {
            const form = root.newForm(this)
            const ids = ["reason", "site", "tags"]
            const inputs = ids.map(id => root.make(this, form, id))
            form.setValue("reason", "Family matters")
            form.setServerErrors(ids.map(id => ({ input: id, message: "The service desk says no to " + id })))
            for (let i = 0; i < inputs.length; ++i)
                verify(findChild(inputs[i], "inputError").visible, ids[i] + " shows its error")
            waitForRendering(root, 500)
            const last = inputs[inputs.length - 1]
            verify(last.mapToItem(root, 0, last.height).y <= root.height, "all fit on the screen")
            check("the inputs as shown (4)")
            shoot("cardinputs-shapes")
        }

        // A filtered list narrowed to a few, with a choice made, and a compact list open.
        function test_filteredAndCompactOpen() {
            const form = root.newForm(this)
            const office = root.make(this, form, "office")
            const kind = root.make(this, form, "kind")
            findChild(office, "cardChoiceFilter").forceActiveFocus()
            keyClick("b")
            mouseClick(findChild(office, "choice-bonn"))
            compare(form.value("office"), "bonn")
            const combo = findChild(kind, "cardChoiceCombo")
            mouseClick(combo)
            tryCompare(combo.popup, "opened", true)
            check("the inputs as shown (5)")
            shoot("cardinputs-choices")
            keyClick(Qt.Key_Escape)
            tryCompare(combo.popup, "visible", false)
        }
    }
}
