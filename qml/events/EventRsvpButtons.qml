import QtQuick
import Tessera

// The three RSVP answers of an event (Going, Maybe, Not going) as one segmented switch, the
// current answer selected ("going" also while waiting for a place). An answer shows at once
// (pending until the server takes it, see Events.rsvp); the selection always follows the stored
// answer, so a refusal puts it back. While answers are closed or the event is cancelled the switch
// is off. Tab reaches each answer, Space/Enter picks it, Left/Right move.
SegmentedControl {
    id: buttons

    // The event's id and the person's answer ("going", "maybe", "no", "waiting" or "").
    property string eventId: ""
    property string answer: ""
    property bool open: true
    readonly property var values: ["going", "maybe", "no"]

    // The model refused the answer here (closed, not on this device): why, in plain words.
    signal refused(string reason)

    function indexOfAnswer() {
        return answer === "waiting" ? 0 : values.indexOf(answer)
    }

    labels: [qsTr("Going"), qsTr("Maybe"), qsTr("Not going")]
    currentIndex: indexOfAnswer()
    accessibleName: qsTr("Your answer")
    enabled: open
    opacity: enabled ? 1 : 0.5

    // select() sets currentIndex itself: the stored answer decides again.
    onAnswerChanged: currentIndex = indexOfAnswer()
    onActivated: index => {
        const reason = Events.rsvp(eventId, values[index])
        currentIndex = indexOfAnswer()
        if (reason.length > 0)
            refused(reason)
    }
}
