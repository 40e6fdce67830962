pragma Singleton

import QtQuick
import Tessera

// Words and tones for inbox items, shared by the list and the detail page. Each function takes
// an item as the Inbox model gives it (its roles, or Inbox.get(id)). What they return from an
// item's outside values (a category, an action's label, who decided, a conflict) went through
// Outside: show it with OutsideText.
QtObject {
    function str(value) {
        return value === undefined || value === null ? "" : String(value)
    }

    // The short state on the item's chip.
    function stateText(item) {
        if (!item)
            return ""
        if (item.pending)
            return qsTr("Sending…")
        switch (item.state) {
        case "approved":
            return waitsForOthers(item) ? qsTr("Approved by you") : qsTr("Approved")
        case "rejected":
            return qsTr("Rejected")
        case "done":
            return qsTr("Decided")
        case "expired":
            return qsTr("Expired")
        case "withdrawn":
            return qsTr("Withdrawn")
        default:
            return item.needsAction ? qsTr("Needs action") : ""
        }
    }

    function stateTone(item) {
        if (!item)
            return "muted"
        if (item.pending)
            return "warn"
        switch (item.state) {
        case "approved":
            return "good"
        case "rejected":
            return "bad"
        case "expired":
        case "withdrawn":
        case "done":
            return "muted"
        default:
            return item.needsAction ? "accent" : "muted"
        }
    }

    // Approved by this person, the other approvers still asked (an "all" approval: nobody
    // decided it yet).
    function waitsForOthers(item) {
        return !!item && item.state === "approved" && str(item.decidedByName).length === 0
                && str(item.decidedBy).length === 0
    }

    // The line under the item: a conflict ("Already approved by A. Rao …"), "Sending approval…",
    // who decided, or that the other approvers are still asked.
    function statusLine(item) {
        if (!item)
            return ""
        if (str(item.statusText).length > 0)
            return Outside.text(item.statusText)
        if (waitsForOthers(item))
            return qsTr("Waiting for the other approvers")
        if ((item.state === "approved" || item.state === "rejected" || item.state === "done")
                && str(item.decidedByName).length > 0)
            return qsTr("By %1, %2").arg(Outside.inline(item.decidedByName)).arg(timeText(item.decidedAt))
        return ""
    }

    // Whether the line is bad news (a conflict), for its colour.
    function statusIsConflict(item) {
        return !!item && !item.pending && str(item.statusText).length > 0
    }

    // The locale's short time without seconds (some locales' short format has them).
    function clock(date) {
        const format = Qt.locale().timeFormat(Locale.ShortFormat).replace(/[:.]ss/, "")
        return date.toLocaleTimeString(Qt.locale(), format)
    }

    // "10:42" today, "Mon 10:42" this week, a short date before.
    function timeText(date) {
        if (!date || isNaN(date.getTime()))
            return ""
        const now = new Date()
        if (date.toDateString() === now.toDateString())
            return clock(date)
        const days = (now.getTime() - date.getTime()) / 86400000
        if (days >= 0 && days < 6)
            return date.toLocaleDateString(Qt.locale(), "ddd") + " " + clock(date)
        return date.toLocaleDateString(Qt.locale(), Locale.ShortFormat)
    }

    function fullTimeText(date) {
        if (!date || isNaN(date.getTime()))
            return ""
        return date.toLocaleDateString(Qt.locale(), Locale.ShortFormat) + " " + clock(date)
    }

    // "leave" -> "Leave"; short names are acronyms: "it" -> "IT".
    function categoryText(category) {
        const text = Outside.text(category)
        if (text.length <= 3)
            return text.toUpperCase()
        return text.charAt(0).toUpperCase() + text.slice(1)
    }

    // A data field's key as a caption: "costCentre" -> "Cost centre", "from_date" -> "From date".
    function fieldName(key) {
        const words = Outside.text(key).replace(/[_-]+/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().trim()
        return words.length > 0 ? words.charAt(0).toUpperCase() + words.slice(1) : ""
    }

    function actionLabel(item, actionId) {
        const actions = item && item.actions ? item.actions : []
        for (let i = 0; i < actions.length; ++i) {
            if (actions[i].id === actionId)
                return Outside.text(actions[i].label)
        }
        if (actionId === "approve")
            return qsTr("Approve")
        if (actionId === "reject")
            return qsTr("Reject")
        return Outside.text(actionId)
    }

    function hasAction(item, actionId) {
        const actions = item && item.actions ? item.actions : []
        for (let i = 0; i < actions.length; ++i) {
            if (actions[i].id === actionId)
                return true
        }
        return false
    }
}
