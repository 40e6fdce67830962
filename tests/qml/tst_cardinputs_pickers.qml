import QtQuick
import QtTest

// The card's date, time and choice inputs (qml/cards/inputs/) built from element maps and a
// CardForm: typed dates and times, the month calendar (min and max, month navigation, the
// keyboard), the time Tumblers, and choices compact, expanded, several at once and filtered;
// each reaches the form and shows its error.
CardInputsRoot {
    id: root

    TestCase {
        name: "CardInputsPickers"
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

        function errorText(input) {
            const error = child(input, "inputError")
            return error.visible ? error.text : ""
        }

        function openCalendar(input) {
            mouseClick(child(input, "chooseDateButton"))
            tryCompare(input.popup, "opened", true)
            return input.popup
        }

        function test_dateTyped() {
            const form = root.newForm(this)
            const from = root.make(this, form, "from")
            const field = child(from, "cardDateField")
            compare(field.text, "2026-03-10", "the card's value")
            compare(child(from, "inputHint").text, "From 2026-03-01 to 2026-04-15")
            field.forceActiveFocus()
            field.selectAll()
            typeText("2026x-05-01")
            compare(form.value("from"), "2026-05-01", "only digits and dashes")
            verify(!form.validate(["from"]))
            compare(errorText(from), "From must not be after 2026-04-15")
            field.selectAll()
            typeText("2026-04-01")
            compare(errorText(from), "", "the error goes once the date passes")
            field.selectAll()
            keyClick(Qt.Key_Backspace)
            verify(!form.validate(["from"]))
            compare(errorText(from), "From is required")
        }

        function test_calendarPicksADayWithinMinAndMax() {
            const form = root.newForm(this)
            const from = root.make(this, form, "from")
            const popup = openCalendar(from)
            compare(child(popup.contentItem, "monthTitle").text,
                    Qt.locale().standaloneMonthName(2, Locale.LongFormat) + " 2026")
            verify(!child(popup.contentItem, "day-2026-02-28").enabled, "before min")
            verify(child(popup.contentItem, "day-2026-03-01").enabled)
            verify(!child(popup.contentItem, "previousMonthButton").enabled, "nothing to pick before March")
            mouseClick(child(popup.contentItem, "nextMonthButton"))
            compare(popup.month, 3)
            verify(!child(popup.contentItem, "day-2026-04-16").enabled, "after max")
            verify(!child(popup.contentItem, "nextMonthButton").enabled)
            mouseClick(child(popup.contentItem, "day-2026-04-16"))
            verify(popup.opened, "a day out of range is not picked")
            mouseClick(child(popup.contentItem, "day-2026-04-02"))
            tryCompare(popup, "visible", false)
            compare(form.value("from"), "2026-04-02")
            compare(child(from, "cardDateField").text, "2026-04-02")
            tryVerify(() => child(from, "cardDateField").activeFocus, 1000, "focus back on the field")
        }

        function test_calendarByKeyboard() {
            const form = root.newForm(this)
            const from = root.make(this, form, "from")
            const popup = openCalendar(from)
            compare(popup.cursor, "2026-03-10", "opens on the value")
            keyClick(Qt.Key_Right)
            keyClick(Qt.Key_Down)
            compare(popup.cursor, "2026-03-18")
            keyClick(Qt.Key_PageDown)
            compare(popup.cursor, "2026-04-15", "the same day next month, within max")
            keyClick(Qt.Key_PageUp)
            keyClick(Qt.Key_PageUp)
            compare(popup.cursor, "2026-03-01", "not before min")
            keyClick(Qt.Key_Right)
            keyClick(Qt.Key_Return)
            tryCompare(popup, "visible", false)
            compare(form.value("from"), "2026-03-02")
            // Escape closes without picking.
            openCalendar(from)
            keyClick(Qt.Key_Left)
            keyClick(Qt.Key_Escape)
            tryCompare(popup, "visible", false)
            compare(form.value("from"), "2026-03-02")
        }

        function test_calendarWithoutRange() {
            const form = root.newForm(this)
            const until = root.make(this, form, "until")
            compare(child(until, "cardDateField").text, "")
            const popup = openCalendar(until)
            const now = new Date()
            compare(popup.year, now.getFullYear(), "opens on today")
            compare(popup.month, now.getMonth())
            verify(child(popup.contentItem, "previousMonthButton").enabled)
            mouseClick(child(popup.contentItem, "previousMonthButton"))
            compare(popup.month, (now.getMonth() + 11) % 12)
            keyClick(Qt.Key_Space)
            tryCompare(popup, "visible", false)
            verify(/^\d{4}-\d{2}-\d{2}$/.test(form.value("until")), form.value("until"))
        }

        function test_timeTypedAndPicked() {
            const form = root.newForm(this)
            const at = root.make(this, form, "at")
            const field = child(at, "cardTimeField")
            compare(child(at, "inputHint").text, "From 08:00 to 18:00")
            field.forceActiveFocus()
            typeText("7:30")
            compare(form.value("at"), "7:30")
            verify(!form.validate(["at"]))
            compare(errorText(at), "At must be a time (HH:MM)")
            field.selectAll()
            typeText("07:30")
            compare(errorText(at), "At must not be before 08:00")
            mouseClick(child(at, "chooseTimeButton"))
            const popup = at.popup
            tryCompare(popup, "opened", true)
            const hours = child(popup.contentItem, "hoursTumbler")
            const minutes = child(popup.contentItem, "minutesTumbler")
            compare(hours.currentIndex, 7, "opens on the value")
            compare(minutes.currentIndex, 30)
            verify(hours.activeFocus)
            keyClick(Qt.Key_Down)
            keyClick(Qt.Key_Down)
            compare(hours.currentIndex, 9)
            keyClick(Qt.Key_Tab)
            verify(minutes.activeFocus)
            keyClick(Qt.Key_Up)
            compare(popup.time, "09:29")
            mouseClick(child(popup.contentItem, "setTimeButton"))
            tryCompare(popup, "visible", false)
            compare(form.value("at"), "09:29")
            compare(field.text, "09:29")
            compare(errorText(at), "")
            // Cancel leaves the value.
            mouseClick(child(at, "chooseTimeButton"))
            tryCompare(popup, "opened", true)
            keyClick(Qt.Key_Down)
            mouseClick(child(popup.contentItem, "cancelTimeButton"))
            tryCompare(popup, "visible", false)
            compare(form.value("at"), "09:29")
        }

        function test_compactChoice() {
            const form = root.newForm(this)
            const kind = root.make(this, form, "kind")
            const combo = child(kind, "cardChoiceCombo")
            verify(combo.visible)
            verify(!child(kind, "cardChoiceList").visible)
            compare(combo.count, 3, "required: no empty entry")
            compare(combo.currentIndex, -1)
            verify(!form.validate(["kind"]))
            compare(errorText(kind), "Type is required")
            combo.forceActiveFocus()
            keyClick(Qt.Key_Down)
            compare(form.value("kind"), "annual")
            compare(errorText(kind), "")
            mouseClick(combo)
            tryCompare(combo.popup, "opened", true)
            mouseClick(child(combo.popup.contentItem, "entry-2"))
            tryCompare(combo.popup, "visible", false)
            compare(form.value("kind"), "unpaid")
            compare(combo.displayText, "Unpaid")
            // Not required: an entry for no choice, and the placeholder while none is made.
            const cover = root.make(this, form, "cover")
            const coverCombo = child(cover, "cardChoiceCombo")
            compare(coverCombo.count, 3)
            compare(coverCombo.displayText, "Pick one")
            coverCombo.forceActiveFocus()
            keyClick(Qt.Key_Down)
            keyClick(Qt.Key_Down)
            compare(form.value("cover"), "ben")
            keyClick(Qt.Key_Up)
            keyClick(Qt.Key_Up)
            compare(form.value("cover"), "")
        }

        function test_expandedChoice() {
            const form = root.newForm(this)
            const site = root.make(this, form, "site")
            verify(!child(site, "cardChoiceCombo").visible)
            const list = child(site, "cardChoiceList")
            verify(list.visible)
            compare(list.Accessible.name, "Site")
            mouseClick(child(list, "choice-s"))
            compare(form.value("site"), "s")
            mouseClick(child(list, "choice-n"))
            compare(form.value("site"), "n")
            verify(!child(list, "choice-s").checked)
            form.setServerErrors([{ input: "site", message: "That site is closed" }])
            compare(errorText(site), "That site is closed")
            compare(list.Accessible.description, "That site is closed")
            child(list, "choice-s").forceActiveFocus()
            keyClick(Qt.Key_Space)
            compare(form.value("site"), "s")
            compare(errorText(site), "", "a value the validator takes clears the server's error")
        }

        function test_multiSelectInTheCardsOrder() {
            const form = root.newForm(this)
            const tags = root.make(this, form, "tags")
            const list = child(tags, "cardChoiceList")
            verify(child(list, "choice-b").checked, "the card's value")
            mouseClick(child(list, "choice-c"))
            mouseClick(child(list, "choice-a"))
            compare(form.value("tags"), "a,b,c")
            mouseClick(child(list, "choice-b"))
            compare(form.value("tags"), "a,c")
            child(list, "choice-a").forceActiveFocus()
            keyClick(Qt.Key_Space)
            compare(form.value("tags"), "c")
            verify(form.validate(["tags"]))
            form.setValue("tags", "c,zzz")
            verify(!form.validate(["tags"]))
            compare(errorText(tags), "Tags is not one of the choices offered")
        }

        function test_filteredChoice() {
            const form = root.newForm(this)
            const office = root.make(this, form, "office")
            const list = child(office, "cardChoiceList")
            const filter = child(office, "cardChoiceFilter")
            verify(filter.visible)
            compare(list.choices.length, 8, "at most 8 shown")
            verify(child(office, "moreChoices").visible)
            compare(child(office, "moreChoices").text, "5 more: type to narrow the list")
            filter.forceActiveFocus()
            typeText("BE")
            compare(list.choices.map(c => c.value), ["berlin", "bern"])
            verify(!child(office, "moreChoices").visible)
            compare(form.value("office"), "", "filtering picks nothing")
            mouseClick(child(list, "choice-bern"))
            compare(form.value("office"), "bern")
            compare(child(office, "inputHint").text, "Chosen: \u2068Bern\u2069")
            filter.forceActiveFocus()
            filter.selectAll()
            typeText("xyz")
            compare(list.choices.length, 0)
            verify(child(office, "noMatches").visible)
            compare(form.value("office"), "bern", "the choice stays")
        }
    }
}
