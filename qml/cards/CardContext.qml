import QtQuick
import Tessera

// What every element of one card view shares (CardView makes one and hands it to each element):
// the document, the form its inputs fill, the theme's colours, the visibility that
// Action.ToggleVisibility changed, and what the card's actions do. Elements call run(action) for
// any action; it validates and submits, asks before opening a link, or toggles elements
// (Action.ShowCard is expanded by the action bar that holds it).
QtObject {
    id: context

    property CardDocument document
    // The CardForm the card's inputs fill (validate(ids), values(ids)); null: a card without inputs.
    property CardForm form: null
    // A function link index -> a local URL for the image, or "" (then a placeholder is shown).
    property var imageResolver: null
    property bool dark: false
    // The style's colours around the card (CardView sets them from Material).
    property color foreground
    property color secondaryForeground
    property color accent
    property color background
    readonly property ThemePalette colors: Theme.palette(dark)

    // Element id -> shown, for the elements an Action.ToggleVisibility changed.
    property var visibility: ({})

    // actionId: the action's id ("" when it has none).
    signal submitted(var data, var values, string verb, string actionId)
    signal openUrl(int link)
    // An Action.OpenUrl asks the person first (CardView's dialog names the link's host).
    signal confirmOpenUrl(int link)

    function isShown(element) {
        if (!element)
            return false
        if (element.id && visibility[element.id] !== undefined)
            return visibility[element.id]
        return element.isVisible !== false
    }

    function toggle(targets) {
        const changed = Object.assign({}, visibility)
        for (let i = 0; i < targets.length; ++i) {
            const id = targets[i].elementId
            const current = changed[id] !== undefined ? changed[id] : shownInDocument(id)
            const wanted = targets[i].isVisible
            changed[id] = wanted === true || wanted === false ? wanted : !current
        }
        visibility = changed
    }

    // Whether the card says the element with this id is visible (before any toggle).
    function shownInDocument(id) {
        const found = findElement(document ? document.body : [], id)
        return found ? found.isVisible !== false : true
    }

    function findElement(elements, id) {
        for (let i = 0; i < elements.length; ++i) {
            const element = elements[i]
            if (element.id === id)
                return element
            const inner = findElement(element.items || [], id)
            if (inner)
                return inner
            const actions = element.actions || []
            for (let a = 0; a < actions.length; ++a) {
                if (actions[a].card) {
                    const inCard = findElement(actions[a].card.body || [], id)
                    if (inCard)
                        return inCard
                }
            }
        }
        return null
    }

    // Submit and Execute: the action's inputs are validated first (their errors show beside
    // them); submitted only when they pass. False when it was not submitted.
    function submit(action) {
        const ids = action.inputIds || []
        let values = ({})
        if (ids.length > 0) {
            if (!form || !form.validate(ids))
                return false
            values = form.values(ids)
        }
        const data = action.data === undefined ? null : action.data
        submitted(data, values, action.type === "Action.Execute" ? (action.verb || "") : "", action.id || "")
        return true
    }

    // Runs an action of the card (not Action.ShowCard: its action bar expands it).
    function run(action) {
        if (!action || action.isEnabled === false)
            return
        switch (action.type) {
        case "Action.Submit":
        case "Action.Execute":
            submit(action)
            break
        case "Action.OpenUrl":
            if (action.url >= 0)
                confirmOpenUrl(action.url)
            break
        case "Action.ToggleVisibility":
            toggle(action.targetElements || [])
            break
        default:
            break
        }
    }

    // A link in a text: its index into the card's links.
    function followLink(link) {
        if (document && link >= 0 && link < document.links.length)
            openUrl(link)
    }

    function imageSource(link) {
        if (typeof imageResolver !== "function" || link < 0)
            return ""
        const url = imageResolver(link)
        return url ? String(url) : ""
    }

    // Spacing before an element (the schema's names).
    function spacing(name) {
        switch (name) {
        case "none":
            return 0
        case "small":
            return Theme.spacingXS
        case "medium":
            return Theme.spacingL
        case "large":
            return Theme.spacingXXL
        case "extraLarge":
            return Theme.spacingXXXL
        case "padding":
            return Theme.spacingL
        default:
            return Theme.spacingS
        }
    }

    // A container's background for its style (default: none of its own).
    function containerColor(style) {
        switch (style) {
        case "emphasis":
            return Theme.tint(foreground, dark ? 0.10 : 0.05)
        case "good":
            return Theme.tint(colors.good, colors.chipTint)
        case "attention":
            return Theme.tint(colors.bad, colors.chipTint)
        case "warning":
            return Theme.tint(colors.warn, colors.chipTint)
        case "accent":
            return Theme.tint(accent, colors.chipTint)
        default:
            return background
        }
    }

    // A text's colour (the schema's names), subtle or not.
    function textColor(name, subtle) {
        let color = foreground
        switch (name) {
        case "accent":
            color = accent
            break
        case "good":
            color = colors.good
            break
        case "warning":
            color = colors.warn
            break
        case "attention":
            color = colors.bad
            break
        case "light":
            color = secondaryForeground
            break
        default:
            break
        }
        if (!subtle)
            return color
        return name === "" || name === "default" || name === "dark" ? secondaryForeground
                                                                 : Theme.tint(color, 0.75)
    }

    function fontSize(size) {
        switch (size) {
        case "small":
            return Theme.fontCaption
        case "medium":
            return Theme.fontSubtitle
        case "large":
            return Theme.fontTitle
        case "extraLarge":
            return Theme.fontDisplay
        default:
            return Theme.fontBody
        }
    }

    function fontWeight(weight) {
        return weight === "bolder" ? Font.Bold : weight === "lighter" ? Font.Light : Font.Normal
    }

    // Where columns go across `total` pixels: widths are "auto" (its natural width), "stretch"
    // (a share of what is left), a weight ("2": a share in proportion) or pixels ("50px");
    // a null width is a hidden column (no space). Answers {x: [...], width: [...]}.
    function columnLayout(widths, naturals, total, gap) {
        const n = widths.length
        const xs = new Array(n).fill(0)
        const ws = new Array(n).fill(0)
        let shown = 0
        for (let i = 0; i < n; ++i)
            shown += widths[i] === null ? 0 : 1
        let free = Math.max(0, total - gap * Math.max(0, shown - 1))
        for (let i = 0; i < n; ++i) {
            const w = widths[i]
            if (w !== null && /px$/.test(w)) {
                ws[i] = Math.min(parseInt(w), free)
                free -= ws[i]
            }
        }
        for (let i = 0; i < n; ++i) {
            if (widths[i] === "auto") {
                ws[i] = Math.min(naturals[i] || 0, free)
                free -= ws[i]
            }
        }
        let sum = 0
        const weights = new Array(n).fill(0)
        for (let i = 0; i < n; ++i) {
            const w = widths[i]
            if (w === null || w === "auto" || /px$/.test(w))
                continue
            weights[i] = w === "stretch" || w === "" || w === undefined ? 1 : Math.max(0, parseFloat(w) || 1)
            sum += weights[i]
        }
        for (let i = 0; i < n; ++i) {
            if (weights[i] > 0)
                ws[i] = free * weights[i] / sum
        }
        let x = 0
        for (let i = 0; i < n; ++i) {
            if (widths[i] === null)
                continue
            xs[i] = x
            x += ws[i] + gap
        }
        return { "x": xs, "width": ws }
    }
}
