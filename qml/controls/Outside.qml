pragma Singleton

import QtQuick

// Text from outside this app (the server, a sub-system, another person) before it is shown:
// docs/DEVELOPING.md, "Outside text". Shown only by OutsideText (or OutsideButton), which are
// plain text, never rich text. Each value goes through text() (alone in its label) or inline()
// (a part of a sentence of ours):
// - the bidi controls are removed (U+202A-U+202E embeddings and overrides, U+2066-U+2069
//   isolates, the marks U+200E, U+200F, U+061C): a title cannot turn the rest of a line around;
//   right-to-left words still show right to left;
// - the length is capped (lineLimit for titles, names and labels; textLimit for bodies and
//   comments, beyond what the server accepts) so that a 100 KB string cannot stall a list.
// inline() also isolates the value (U+2068 FSI ... U+2069 PDI) from the words around it.
QtObject {
    readonly property int lineLimit: 1000
    readonly property int textLimit: 20000

    function text(value, limit) {
        let s = value === undefined || value === null ? "" : String(value)
        const max = limit === undefined ? lineLimit : limit
        if (s.length > max + 64)
            s = s.slice(0, max + 64) // removing controls below cannot grow it past this
        s = s.replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, "")
        if (s.length > max)
            s = s.slice(0, max) + "…"
        return s
    }

    function inline(value, limit) {
        return "\u2068" + text(value, limit) + "\u2069"
    }
}
