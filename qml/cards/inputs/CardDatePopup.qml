import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tessera

// The month calendar behind an Input.Date (Qt Quick Controls 6.4 has no date picker: a MonthGrid
// with a DayOfWeekRow and month navigation). Days before min or after max cannot be picked.
// Keyboard: arrows move the day, Page Up and Page Down the month, Enter or Space picks, Escape
// closes. Dates are "YYYY-MM-DD" text throughout (as the card and the validator have them).
Popup {
    id: popup

    // The earliest and latest day that can be picked ("" for none).
    property string minText: ""
    property string maxText: ""
    // What the calendar is for (its accessible name).
    property string accessibleName: ""
    // The month shown (month 0-11) and the day the keyboard is on.
    property int year: 2000
    property int month: 0
    property string cursor: ""

    signal picked(string date)

    // "YYYY-MM-DD" of a year, a month (0-11, may run over) and a day (may run over).
    function dateText(y, m, d) {
        const date = new Date(Date.UTC(y, m, d))
        return String(date.getUTCFullYear()).padStart(4, "0") + "-"
                + String(date.getUTCMonth() + 1).padStart(2, "0") + "-"
                + String(date.getUTCDate()).padStart(2, "0")
    }

    function today() {
        const now = new Date()
        return dateText(now.getFullYear(), now.getMonth(), now.getDate())
    }

    function allowed(date) {
        return (minText.length === 0 || date >= minText) && (maxText.length === 0 || date <= maxText)
    }

    // The allowed day nearest to this one.
    function clamped(date) {
        if (minText.length > 0 && date < minText)
            return minText
        if (maxText.length > 0 && date > maxText)
            return maxText
        return date
    }

    function show(date) {
        cursor = date
        year = Number(date.slice(0, 4))
        month = Number(date.slice(5, 7)) - 1
    }

    // Opens on this date ("" or not a date: today), within min and max.
    function openOn(date) {
        show(clamped(/^\d{4}-\d{2}-\d{2}$/.test(date) ? date : today()))
        open()
    }

    function moveCursor(days, months) {
        const y = Number(cursor.slice(0, 4))
        const m = Number(cursor.slice(5, 7)) - 1
        const d = Number(cursor.slice(8, 10))
        let next = dateText(y, m, d + days)
        if (months !== 0) {
            // The same day in the other month, or its last day.
            const last = new Date(Date.UTC(y, m + months + 1, 0)).getUTCDate()
            next = dateText(y, m + months, Math.min(d, last))
        }
        show(clamped(next))
    }

    function pick(date) {
        if (!allowed(date))
            return
        picked(date)
        close()
    }

    // The first and the last day of the month shown, as text.
    readonly property string monthStart: dateText(year, month, 1)
    readonly property string monthEnd: dateText(year, month + 1, 0)

    anchors.centerIn: Overlay.overlay
    width: Math.min(360, (Overlay.overlay ? Overlay.overlay.width : 360) - 2 * Theme.spacingL)
    modal: true
    focus: true

    // A plain box: the style's background is drawn through a shadow layer that the software
    // renderer (offscreen screenshots) does not draw at all.
    background: Rectangle {
        radius: Theme.radiusL
        color: popup.Material.dialogColor
        border.width: 1
        border.color: Theme.palette(popup.Material.theme === Material.Dark).outline
    }
    padding: Theme.spacingM

    FocusScope {
        id: content

        implicitHeight: column.implicitHeight
        implicitWidth: column.implicitWidth
        focus: true
        Accessible.role: Accessible.Dialog
        Accessible.name: popup.accessibleName

        Keys.onPressed: event => {
            switch (event.key) {
            case Qt.Key_Left:
                popup.moveCursor(-1, 0)
                break
            case Qt.Key_Right:
                popup.moveCursor(1, 0)
                break
            case Qt.Key_Up:
                popup.moveCursor(-7, 0)
                break
            case Qt.Key_Down:
                popup.moveCursor(7, 0)
                break
            case Qt.Key_PageUp:
                popup.moveCursor(0, -1)
                break
            case Qt.Key_PageDown:
                popup.moveCursor(0, 1)
                break
            case Qt.Key_Return:
            case Qt.Key_Enter:
            case Qt.Key_Space:
                popup.pick(popup.cursor)
                break
            default:
                return
            }
            event.accepted = true
        }

        ColumnLayout {
            id: column

            anchors.fill: parent
            spacing: Theme.spacingS

            RowLayout {
                Layout.fillWidth: true

                ToolButton {
                    objectName: "previousMonthButton"
                    text: "‹"
                    font.pixelSize: Theme.fontHeadline
                    focusPolicy: Qt.NoFocus
                    enabled: popup.minText.length === 0 || popup.minText < popup.monthStart
                    Accessible.name: qsTr("Previous month")
                    onClicked: popup.moveCursor(0, -1)
                }

                Label {
                    objectName: "monthTitle"
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    textFormat: Text.PlainText
                    text: Qt.locale().standaloneMonthName(popup.month, Locale.LongFormat) + " " + popup.year
                    font.pixelSize: Theme.fontSubtitle
                    font.weight: Font.Medium
                }

                ToolButton {
                    objectName: "nextMonthButton"
                    text: "›"
                    font.pixelSize: Theme.fontHeadline
                    focusPolicy: Qt.NoFocus
                    enabled: popup.maxText.length === 0 || popup.maxText > popup.monthEnd
                    Accessible.name: qsTr("Next month")
                    onClicked: popup.moveCursor(0, 1)
                }
            }

            DayOfWeekRow {
                Layout.fillWidth: true
                delegate: Label {
                    required property string shortName

                    text: shortName
                    textFormat: Text.PlainText
                    horizontalAlignment: Text.AlignHCenter
                    font.pixelSize: Theme.fontCaption
                    color: Material.secondaryTextColor
                }
            }

            MonthGrid {
                id: grid

                objectName: "monthGrid"
                Layout.fillWidth: true
                year: popup.year
                month: popup.month

                // The style's grid of days, with buttons that know their calendar.
                contentItem: Grid {
                    rows: 6
                    columns: 7
                    rowSpacing: grid.spacing
                    columnSpacing: grid.spacing

                    Repeater {
                        model: grid.source
                        delegate: DayButton { }
                        onItemAdded: (index, item) => item.calendar = popup
                    }
                }
            }
        }
    }

    // One day of the grid: picked by a click (the keyboard moves the calendar's cursor).
    component DayButton: AbstractButton {
        id: dayButton

        required property int year
        required property int month
        required property int day
        property CardDatePopup calendar: null
        readonly property string date: calendar ? calendar.dateText(year, month, day) : ""
        readonly property bool inMonth: calendar !== null && month === calendar.month
        readonly property bool isCursor: calendar !== null && date === calendar.cursor
        readonly property bool isToday: calendar !== null && date === calendar.today()
        readonly property color accent: Material.accentColor

        objectName: "day-" + date
        implicitHeight: 40
        implicitWidth: 40
        enabled: calendar !== null && calendar.allowed(date)
        focusPolicy: Qt.NoFocus
        opacity: inMonth ? 1 : 0.45
        Accessible.name: Qt.locale().toString(new Date(year, month, day), Locale.LongFormat)
        onClicked: calendar.pick(date)

        background: Rectangle {
            anchors.centerIn: parent
            width: Math.min(parent.width, parent.height)
            height: width
            radius: width / 2
            color: dayButton.isCursor ? dayButton.accent : dayButton.hovered ? Theme.tint(dayButton.accent, Theme.hoverTint) : "transparent"
            border.width: dayButton.isToday && !dayButton.isCursor ? 1 : 0
            border.color: dayButton.accent
        }

        contentItem: Label {
            text: dayButton.day
            textFormat: Text.PlainText
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            color: dayButton.isCursor ? Theme.palette(dayButton.Material.theme === Material.Dark).accentText
                 : !dayButton.enabled ? dayButton.Material.hintTextColor : dayButton.Material.foreground
        }
    }
}
