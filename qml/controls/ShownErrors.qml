pragma Singleton

import QtQuick

// Where the generic controls say that they show an error (Banner's errorKind, Toast's
// show(message, kind)): its kind only, a fixed code such as "inbox.sync" from core's
// AnalyticsErrorKinds, never its words. The controls know no feature; the shell turns what
// arrives here into analytics (ShellPage: the one hook for errors, as recordScreen is for
// screens), and the recorder keeps it only with consent and only for a kind on its list.
QtObject {
    signal shown(string kind)

    function report(kind) {
        if (typeof kind === "string" && kind.length > 0)
            shown(kind)
    }
}
