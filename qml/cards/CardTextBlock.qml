import QtQuick
import Tessera

// A TextBlock: its markdown (parsed by core into blocks of runs) shown as plain text with bold,
// italic and links (a link is an index into the card's links; activating it opens it through
// the card), in the block's size, weight, colour and alignment; one line unless it wraps, at
// most maxLines lines; a heading (style "heading") is said as one.
CardRichText {
    id: block

    required property var element

    readonly property bool isHeading: element.style === "heading"

    runs: toRuns(element.blocks || [])
    maxLines: element.wrap ? (element.maxLines || 0) : 1
    horizontalAlignment: element.horizontalAlignment === "center" ? TextEdit.AlignHCenter
                       : element.horizontalAlignment === "right" ? TextEdit.AlignRight : TextEdit.AlignLeft
    pixelSize: context.fontSize(isHeading && (!element.size || element.size === "default") ? "large" : element.size)
    fontWeight: isHeading && (!element.weight || element.weight === "default") ? Font.Bold : context.fontWeight(element.weight)
    monospace: element.fontType === "monospace"
    color: context.textColor(element.color, element.isSubtle)
    heading: isHeading

    onActivated: link => context.followLink(link)

    function toRuns(blocks) {
        const runs = []
        for (let b = 0; b < blocks.length; ++b) {
            const each = blocks[b]
            if (b > 0)
                runs.push({ "text": "\n" })
            if (each.kind === "bullet")
                runs.push({ "text": "\u2022 " })
            else if (each.kind === "numbered")
                runs.push({ "text": each.number + ". " })
            const list = each.runs || []
            for (let r = 0; r < list.length; ++r) {
                const run = list[r]
                const isLink = run.link >= 0
                runs.push({
                    "text": Outside.text(run.text, Outside.textLimit),
                    "bold": run.bold === true,
                    "italic": run.italic === true,
                    "underline": isLink,
                    "color": isLink ? context.accent : undefined,
                    "target": isLink ? run.link : -1
                })
            }
        }
        return runs
    }
}
