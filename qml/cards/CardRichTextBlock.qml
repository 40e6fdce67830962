import QtQuick
import Tessera

// A RichTextBlock: its TextRuns in one paragraph, each with its own size, weight, colour,
// subtlety, italic, strikethrough, underline, highlight and monospace; a run with a selectAction
// is underlined and runs it (tap, or Tab to it and Enter or Space).
CardRichText {
    id: block

    required property var element

    runs: toRuns(element.inlines || [])
    horizontalAlignment: element.horizontalAlignment === "center" ? TextEdit.AlignHCenter
                       : element.horizontalAlignment === "right" ? TextEdit.AlignRight : TextEdit.AlignLeft

    onActivated: index => context.run((element.inlines || [])[index].selectAction)

    function toRuns(inlines) {
        const runs = []
        for (let i = 0; i < inlines.length; ++i) {
            const run = inlines[i]
            const acts = run.selectAction !== undefined && run.selectAction.type !== undefined
            const color = acts && (!run.color || run.color === "default") ? context.accent
                                                                         : context.textColor(run.color, run.isSubtle)
            runs.push({
                "text": Outside.text(run.text, Outside.textLimit),
                "weight": run.weight === "bolder" ? Font.Bold : run.weight === "lighter" ? Font.Light : Font.Normal,
                "italic": run.italic === true,
                "strikethrough": run.strikethrough === true,
                "underline": run.underline === true || acts,
                "monospace": run.fontType === "monospace",
                "pixelSize": context.fontSize(run.size),
                "color": color,
                "background": run.highlight ? Theme.tint(context.colors.warn, context.colors.chipTint * 2) : undefined,
                "target": acts ? i : -1
            })
        }
        return runs
    }
}
