import QtQuick
import QtQuick.Controls.Material
import Tessera

// The root of the card input tests (tst_cardinputs_*.qml): a phone-sized window in the theme's
// background, a card with every kind of input, its element maps made by hand as CardDocument
// makes them (element.id, element.input.{label, ...}), a CardForm per test, and the inputs made
// from both in a column.
Rectangle {
    id: root

    width: 390
    height: 844
    color: Material.background
    // As the app's window (Main.qml) has them.
    Material.primary: Theme.brand
    Material.accent: Theme.brand

    // No hostile strings here (HostileCase's check() reads them).
    readonly property var markers: []

    readonly property var card: ({
            type: "AdaptiveCard",
            version: "1.5",
            body: [
                { type: "Input.Text", id: "name", label: "Name", placeholder: "Your name",
                  isRequired: true, maxLength: 20 },
                { type: "Input.Text", id: "reason", label: "Reason", isMultiline: true, maxLength: 10,
                  placeholder: "Why" },
                { type: "Input.Text", id: "pin", label: "PIN", style: "password" },
                { type: "Input.Text", id: "phone", label: "Phone", style: "tel", regex: "\\+?[0-9 ]{6,}",
                  errorMessage: "A phone number has digits only" },
                { type: "Input.Number", id: "days", label: "Days", min: 0.5, max: 30, value: 2 },
                { type: "Input.Number", id: "count", label: "Count" },
                { type: "Input.Date", id: "from", label: "From", isRequired: true,
                  min: "2026-03-01", max: "2026-04-15", value: "2026-03-10" },
                { type: "Input.Date", id: "until", label: "Until" },
                { type: "Input.Time", id: "at", label: "At", min: "08:00", max: "18:00" },
                { type: "Input.Toggle", id: "half", label: "Half day?", title: "Only half a day",
                  valueOn: "yes", valueOff: "no" },
                { type: "Input.Toggle", id: "agree", title: "I agree", isRequired: true },
                { type: "Input.ChoiceSet", id: "kind", label: "Type", isRequired: true,
                  choices: [{ title: "Annual", value: "annual" }, { title: "Sick", value: "sick" },
                            { title: "Unpaid", value: "unpaid" }] },
                { type: "Input.ChoiceSet", id: "cover", label: "Cover", placeholder: "Pick one",
                  choices: [{ title: "Anna", value: "anna" }, { title: "Ben", value: "ben" }] },
                { type: "Input.ChoiceSet", id: "site", label: "Site", style: "expanded",
                  choices: [{ title: "North", value: "n" }, { title: "South", value: "s" }] },
                { type: "Input.ChoiceSet", id: "tags", label: "Tags", isMultiSelect: true,
                  value: "b", choices: [{ title: "A", value: "a" }, { title: "B", value: "b" },
                                        { title: "C", value: "c" }] },
                { type: "Input.ChoiceSet", id: "office", label: "Office", style: "filtered",
                  choices: root.choicesTitled(["Aachen", "Berlin", "Bern", "Bonn", "Bremen", "Dublin",
                                               "Essen", "Graz", "Kiel", "Linz", "Lyon", "Oslo",
                                               "Riga"]) }
            ]
        })

    readonly property Component formComponent: Component {
        CardForm { }
    }

    readonly property var components: ({
            "Input.Text": textComponent,
            "Input.Number": numberComponent,
            "Input.Date": dateComponent,
            "Input.Time": timeComponent,
            "Input.Toggle": toggleComponent,
            "Input.ChoiceSet": choiceSetComponent
        })

    // Choices of these titles, each valued by its title in lower case.
    function choicesTitled(titles) {
        const choices = []
        for (let i = 0; i < titles.length; ++i)
            choices.push({ title: titles[i], value: titles[i].toLowerCase() })
        return choices
    }

    // The element map of a card's input as CardDocument gives it.
    function elementOf(json) {
        const isText = json.type === "Input.Text"
        const isNumber = json.type === "Input.Number"
        const isRange = json.type === "Input.Date" || json.type === "Input.Time"
        const isToggle = json.type === "Input.Toggle"
        const valueOff = json.valueOff === undefined ? "false" : json.valueOff
        return {
            type: json.type, id: json.id, isVisible: true, separator: false, spacing: "", height: "",
            style: "",
            input: {
                label: json.label || "", placeholder: json.placeholder || "",
                errorMessage: json.errorMessage || "", isRequired: json.isRequired === true,
                value: json.value !== undefined ? String(json.value) : isToggle ? valueOff : "",
                isMultiline: json.isMultiline === true, maxLength: json.maxLength || 0,
                textStyle: isText && json.style ? json.style : "",
                minNumber: isNumber && json.min !== undefined ? json.min : null,
                maxNumber: isNumber && json.max !== undefined ? json.max : null,
                minText: isRange && json.min ? json.min : "", maxText: isRange && json.max ? json.max : "",
                title: json.title || "", valueOn: json.valueOn === undefined ? "true" : json.valueOn,
                valueOff: valueOff, choices: json.choices || [], isMultiSelect: json.isMultiSelect === true,
                choiceStyle: json.type === "Input.ChoiceSet" && json.style ? json.style : ""
            }
        }
    }

    function element(id) {
        const found = card.body.find(e => e.id === id)
        return found === undefined ? null : elementOf(found)
    }

    // A new form for the card (the test's: destroyed after it).
    function newForm(test) {
        const form = test.createTemporaryObject(formComponent, root, { json: card })
        test.verify(form !== null && form.valid, form ? form.problem : "no form")
        return form
    }

    // The input of this id (or this element map), made with the form in the column.
    function make(test, form, id) {
        const element = typeof id === "string" ? root.element(id) : id
        test.verify(element !== null, "no input " + id)
        const input = test.createTemporaryObject(components[element.type], column,
                                                 { element: element, form: form, width: column.width })
        test.verify(input !== null, "cannot make " + id)
        test.waitForRendering(column) // laid out (the column places it) before a click
        return input
    }

    Column {
        id: column

        x: Theme.spacingL
        y: Theme.spacingL
        width: root.width - 2 * Theme.spacingL
        spacing: Theme.spacingL
    }

    Component {
        id: textComponent

        CardInputText { }
    }

    Component {
        id: numberComponent

        CardInputNumber { }
    }

    Component {
        id: dateComponent

        CardInputDate { }
    }

    Component {
        id: timeComponent

        CardInputTime { }
    }

    Component {
        id: toggleComponent

        CardInputToggle { }
    }

    Component {
        id: choiceSetComponent

        CardInputChoiceSet { }
    }
}
