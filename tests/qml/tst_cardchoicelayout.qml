import QtQuick
import QtTest
import Tessera

// An expanded and a multi-select Input.ChoiceSet laid out in a window that knows its width before
// the card is made (tessera --card, a page of the app): each choice under the one before, the card
// as tall as its choices. A Column of buttons there was never positioned (no height, every button
// at its top), which the other card tests, made in a window that grows afterwards, did not show.
Item {
    id: root

    width: 400
    height: 500

    CardPreview {
        id: preview

        width: 400
        height: 500
        cardJson: JSON.stringify({
            type: "AdaptiveCard",
            version: "1.5",
            body: [
                { type: "Input.ChoiceSet", id: "reason", label: "Reason", style: "expanded",
                  choices: [{ title: "Deadline", value: "deadline" }, { title: "Cover", value: "cover" }] },
                { type: "Input.ChoiceSet", id: "days", label: "Days", isMultiSelect: true,
                  choices: [{ title: "Mon", value: "mon" }, { title: "Tue", value: "tue" }] }
            ]
        })
    }

    TestCase {
        name: "CardChoiceLayout"
        when: windowShown

        function mapped(item) {
            return item.mapToItem(preview.contentItem, 0, 0)
        }

        function test_choicesStandUnderEachOther() {
            const first = findChild(preview.contentItem, "choice-deadline")
            const second = findChild(preview.contentItem, "choice-cover")
            const mon = findChild(preview.contentItem, "choice-mon")
            const tue = findChild(preview.contentItem, "choice-tue")
            verify(first !== null && second !== null && mon !== null && tue !== null)
            tryVerify(() => first.height > 0 && first.width > 100)
            tryVerify(() => mapped(second).y >= mapped(first).y + first.height)
            tryVerify(() => mapped(mon).y >= mapped(second).y + second.height)
            tryVerify(() => mapped(tue).y >= mapped(mon).y + mon.height)
            const card = findChild(preview.contentItem, "previewCard")
            verify(mapped(card).y + card.height >= mapped(tue).y + tue.height)
        }
    }
}
