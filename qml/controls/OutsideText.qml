import QtQuick
import QtQuick.Controls

// The one way pages and components show text from outside this app (docs/DEVELOPING.md,
// "Outside text"): a Label that is always plain text, so that markup shows as the characters it
// is (no <img> fetched, no heading drawn, no link). Give it Outside.text(value), or a sentence
// of ours whose outside parts went through Outside.inline(value). Long words break anywhere;
// set maximumLineCount (lists) or wrapMode: Text.NoWrap with elide for a single line.
// tst_qml_hostile fails on any other Text that shows a hostile string.
Label {
    textFormat: Text.PlainText
    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
    elide: Text.ElideRight
}
