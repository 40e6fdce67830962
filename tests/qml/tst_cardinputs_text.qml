import QtQuick
import QtTest
import Tessera
import TesseraTest

// The card's text, number and toggle inputs (qml/cards/inputs/) built from element maps and a
// CardForm: what is typed reaches the form, the form's values and errors (the validator's and the
// server's) show, an error goes once the value passes, labels say "required" to screen readers,
// and Tab moves through the fields.
CardInputsRoot {
    id: root

    TestCase {
        name: "CardInputsText"
        when: windowShown

        function child(item, name) {
            const found = findChild(item, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function typeText(text) {
            for (let i = 0; i < text.length; ++i)
                keyClick(text[i])
        }

        function errorLabel(input) {
            return child(input, "inputError")
        }

        // The error shown under the input ("" when none shows).
        function errorText(input) {
            const error = errorLabel(input)
            return error.visible ? error.text : ""
        }

        function test_textReachesTheForm() {
            const form = root.newForm(this)
            const input = root.make(this, form, "name")
            const field = child(input, "cardTextField")
            verify(field.visible)
            field.forceActiveFocus()
            typeText("Ana")
            compare(form.value("name"), "Ana")
            compare(form.values(["name"]), { name: "Ana" })
            keyClick(Qt.Key_Backspace)
            keyClick(Qt.Key_Backspace)
            keyClick(Qt.Key_Backspace)
            compare(form.value("name"), "")
            compare(form.values(["name"]), {}, "an empty value is left out")
            // maxLength: the count shows, and the validator says when it is over.
            typeText("x".repeat(21))
            compare(form.value("name"), "x".repeat(21))
            compare(child(input, "inputHint").text, "21 of 20 characters")
            verify(!form.validate(["name"]))
            compare(errorText(input), "Name must be at most 20 characters")
            keyClick(Qt.Key_Backspace)
            verify(!errorLabel(input).visible)
            compare(child(input, "inputHint").text, "20 of 20 characters")
        }

        function test_labelPlaceholderAndRequired() {
            const form = root.newForm(this)
            const input = root.make(this, form, "name")
            const label = child(input, "inputLabel")
            compare(label.text, "Name")
            verify(label.visible)
            verify(child(input, "requiredMarker").visible)
            compare(label.Accessible.name, "Name, required")
            const field = child(input, "cardTextField")
            compare(field.Accessible.name, "Name, required")
            verify(HostileProbe.shownTexts(root).indexOf("Your name") >= 0, "the placeholder shows")
            const optional = root.make(this, form, "reason")
            verify(!child(optional, "requiredMarker").visible)
            compare(child(optional, "cardTextArea").Accessible.name, "Reason")
        }

        function test_errorsShowUnderTheFieldAndGo() {
            const form = root.newForm(this)
            const input = root.make(this, form, "name")
            const error = errorLabel(input)
            verify(!error.visible)
            verify(!form.validate(["name"]))
            compare(error.text, "Name is required")
            verify(error.visible)
            compare(error.Accessible.role, Accessible.AlertMessage)
            compare(error.color, Theme.palette(false).danger)
            const field = child(input, "cardTextField")
            compare(field.Accessible.description, "Name is required")
            field.forceActiveFocus()
            typeText("Bo")
            compare(form.errors["name"], undefined)
            verify(!error.visible, "the error goes once the value passes")
        }

        function test_serverErrorsShowTheSameWay() {
            const form = root.newForm(this)
            const name = root.make(this, form, "name")
            const phone = root.make(this, form, "phone")
            form.setServerErrors([{ input: "phone", message: "A phone number has digits only" },
                                  { input: "elsewhere", message: "x" }])
            compare(errorText(phone), "A phone number has digits only")
            verify(errorLabel(phone).visible)
            verify(!errorLabel(name).visible)
            const field = child(phone, "cardTextField")
            compare(field.inputMethodHints & Qt.ImhDialableCharactersOnly, Qt.ImhDialableCharactersOnly)
            field.forceActiveFocus()
            typeText("12ab")
            compare(errorText(phone), "A phone number has digits only", "still not a number")
            field.selectAll()
            typeText("+49 30 1234")
            verify(!errorLabel(phone).visible)
        }

        function test_multilineCountsAndTabsOn() {
            const form = root.newForm(this)
            const reason = root.make(this, form, "reason")
            const pin = root.make(this, form, "pin")
            const area = child(reason, "cardTextArea")
            verify(area.visible)
            verify(!child(reason, "cardTextField").visible)
            area.forceActiveFocus()
            typeText("ab")
            keyClick(Qt.Key_Return)
            typeText("cd")
            compare(form.value("reason"), "ab\ncd")
            compare(child(reason, "inputHint").text, "5 of 10 characters")
            // Over the length: the validator says so.
            typeText("efghijk")
            compare(form.value("reason"), "ab\ncdefghijk")
            verify(!form.validate(["reason"]))
            compare(errorText(reason), "Reason must be at most 10 characters")
            verify(!child(reason, "inputHint").visible, "the error takes the hint's place")
            keyClick(Qt.Key_Tab)
            verify(child(pin, "cardPasswordField").activeFocus, "Tab leaves the text area")
            compare(form.value("reason"), "ab\ncdefghijk", "no tab character typed")
        }

        function test_passwordIsHidden() {
            const form = root.newForm(this)
            const pin = root.make(this, form, "pin")
            const field = child(pin, "cardPasswordField")
            verify(field.visible)
            compare(field.echoMode, TextInput.Password)
            field.forceActiveFocus()
            typeText("1234")
            compare(form.value("pin"), "1234")
            mouseClick(child(field, "revealButton"))
            compare(field.echoMode, TextInput.Normal)
        }

        function test_numberTakesNumbersOnly() {
            const form = root.newForm(this)
            const days = root.make(this, form, "days")
            const field = child(days, "cardNumberField")
            compare(field.text, "2", "the card's value")
            compare(child(days, "inputHint").text, "From 0.5 to 30")
            field.forceActiveFocus()
            field.selectAll()
            typeText("1a2.5x")
            compare(form.value("days"), "12.5")
            keyClick(Qt.Key_Up)
            compare(form.value("days"), "13.5")
            compare(field.text, "13.5")
            keyClick(Qt.Key_Down)
            compare(form.value("days"), "12.5")
            field.selectAll()
            typeText("45")
            verify(!form.validate(["days"]))
            compare(errorText(days), "Days must be at most 30")
            keyClick(Qt.Key_Up) // stays within max
            compare(form.value("days"), "30")
            verify(!errorLabel(days).visible)
            field.selectAll()
            keyClick(Qt.Key_Backspace)
            compare(form.value("days"), "")
            const count = root.make(this, form, "count")
            compare(child(count, "cardNumberField").text, "")
            compare(child(count, "inputHint").visible, false, "no range, no hint")
            child(count, "cardNumberField").forceActiveFocus()
            typeText("-3")
            compare(form.value("count"), "-3")
        }

        function test_toggleWritesValueOnAndOff() {
            const form = root.newForm(this)
            const half = root.make(this, form, "half")
            const agree = root.make(this, form, "agree")
            const toggle = child(half, "cardToggle")
            compare(form.value("half"), "no")
            verify(!toggle.checked)
            compare(toggle.Accessible.name, "Only half a day")
            verify(HostileProbe.shownTexts(root).indexOf("Only half a day") >= 0)
            mouseClick(toggle)
            compare(form.value("half"), "yes")
            toggle.forceActiveFocus()
            keyClick(Qt.Key_Space)
            compare(form.value("half"), "no")
            verify(!form.validate(["agree"]))
            compare(errorText(agree), "agree must be switched on")
            const agreeToggle = child(agree, "cardToggle")
            compare(agreeToggle.Accessible.name, "I agree, required")
            mouseClick(agreeToggle)
            compare(form.value("agree"), "true")
            verify(!errorLabel(agree).visible)
        }

        // A value set on the form (a draft restored, a new card) shows in the field.
        function test_theFieldFollowsTheForm() {
            const form = root.newForm(this)
            const name = root.make(this, form, "name")
            const half = root.make(this, form, "half")
            form.setValue("name", "From a draft")
            form.setValue("half", "yes")
            compare(child(name, "cardTextField").text, "From a draft")
            verify(child(half, "cardToggle").checked)
        }

        function test_tabGoesThroughTheInputs() {
            const form = root.newForm(this)
            const name = root.make(this, form, "name")
            const days = root.make(this, form, "days")
            const half = root.make(this, form, "half")
            child(name, "cardTextField").forceActiveFocus()
            keyClick(Qt.Key_Tab)
            verify(child(days, "cardNumberField").activeFocus)
            keyClick(Qt.Key_Tab)
            verify(child(half, "cardToggle").activeFocus)
        }

        // The card's words are plain text, however they look.
        function test_cardTextIsPlain() {
            const form = root.newForm(this)
            const element = root.element("half")
            element.input.label = "<b>Bold</b> label"
            element.input.title = "<img src=\"http://127.0.0.1:9/x\">title"
            const input = createTemporaryObject(root.components["Input.Toggle"], root,
                                                { element: element, form: form, width: 300 })
            const shown = HostileProbe.shownTexts(root)
            verify(shown.indexOf("<b>Bold</b> label") >= 0, shown)
            verify(shown.indexOf("<img src=\"http://127.0.0.1:9/x\">title") >= 0, shown)
            compare(HostileProbe.textProblems(root, ["<b>", "<img"]), [])
            verify(input !== null)
        }
    }
}
