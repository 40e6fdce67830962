pragma Singleton

import QtQuick

// Words and tones for inbox items, shared by the list and the detail page. Each function takes
// an item as the Inbox model gives it (its roles, or Inbox.get(id)).
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
            return qsTr("Approved")
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

    // The line under the item: a conflict ("Already approved by A. Rao …"), "Sending approval…",
    // or who decided.
    function statusLine(item) {
        if (!item)
            return ""
        if (str(item.statusText).length > 0)
            return item.statusText
        if ((item.state === "approved" || item.state === "rejected" || item.state === "done")
                && str(item.decidedByName).length > 0)
            return qsTr("By %1, %2").arg(item.decidedByName).arg(timeText(item.decidedAt))
        return ""
    }

    // Whether the line is bad news (a conflict), for its colour.
    function statusIsConflict(item) {
        return !!item && !item.pending && str(item.statusText).length > 0
    }

    // "10:42" today, "Mon 10:42" this week, a short date before.
    function timeText(date) {
        if (!date || isNaN(date.getTime()))
            return ""
        const now = new Date()
        const locale = Qt.locale()
        if (date.toDateString() === now.toDateString())
            return date.toLocaleTimeString(locale, Locale.ShortFormat)
        const days = (now.getTime() - date.getTime()) / 86400000
        if (days >= 0 && days < 6)
            return date.toLocaleString(locale, "ddd ") + date.toLocaleTimeString(locale, Locale.ShortFormat)
        return date.toLocaleDateString(locale, Locale.ShortFormat)
    }

    function fullTimeText(date) {
        if (!date || isNaN(date.getTime()))
            return ""
        return date.toLocaleString(Qt.locale(), Locale.ShortFormat)
    }

    function categoryText(category) {
        const text = str(category)
        return text.length > 0 ? text.charAt(0).toUpperCase() + text.slice(1) : ""
    }

    function actionLabel(item, actionId) {
        const actions = item && item.actions ? item.actions : []
        for (let i = 0; i < actions.length; ++i) {
            if (actions[i].id === actionId)
                return str(actions[i].label)
        }
        if (actionId === "approve")
            return qsTr("Approve")
        if (actionId === "reject")
            return qsTr("Reject")
        return actionId
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
