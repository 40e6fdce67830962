#include "cards/cardtextformat.h"

#include "cards/internal/runhighlighter.h"

#include <QColor>
#include <QFont>
#include <QQuickTextDocument>
#include <QTextDocument>

namespace tessera {

namespace {

QTextCharFormat formatOf(const QVariantMap &run)
{
    QTextCharFormat format;
    if (run.value(QStringLiteral("bold")).toBool())
        format.setFontWeight(QFont::Bold);
    if (run.contains(QStringLiteral("weight")))
        format.setFontWeight(run.value(QStringLiteral("weight")).toInt());
    if (run.value(QStringLiteral("italic")).toBool())
        format.setFontItalic(true);
    if (run.value(QStringLiteral("underline")).toBool())
        format.setFontUnderline(true);
    if (run.value(QStringLiteral("strikethrough")).toBool())
        format.setFontStrikeOut(true);
    if (run.value(QStringLiteral("monospace")).toBool()) {
        format.setFontFixedPitch(true);
        format.setFontFamilies({ QStringLiteral("monospace") });
    }
    const int pixelSize = run.value(QStringLiteral("pixelSize")).toInt();
    if (pixelSize > 0)
        format.setProperty(QTextFormat::FontPixelSize, pixelSize);
    const QColor color = run.value(QStringLiteral("color")).value<QColor>();
    if (color.isValid())
        format.setForeground(color);
    const QColor background = run.value(QStringLiteral("background")).value<QColor>();
    if (background.isValid())
        format.setBackground(background);
    return format;
}

} // namespace

CardTextFormat::CardTextFormat(QObject *parent)
    : QObject(parent)
    , m_highlighter(new internal::RunHighlighter(this))
{ }

CardTextFormat::~CardTextFormat() = default;

void CardTextFormat::setDocument(QObject *document)
{
    if (m_document == document)
        return;
    m_document = document;
    const auto *quickDocument = qobject_cast<QQuickTextDocument *>(document);
    m_highlighter->setDocument(quickDocument ? quickDocument->textDocument() : nullptr);
    Q_EMIT documentChanged();
}

void CardTextFormat::setRuns(const QVariantList &runs)
{
    m_runs = runs;
    QString text;
    QList<internal::RunHighlighter::Range> ranges;
    QVariantList targets;
    for (const QVariant &value : runs) {
        const QVariantMap run = value.toMap();
        const QString part = run.value(QStringLiteral("text")).toString();
        const int start = int(text.size());
        text += part;
        if (part.isEmpty())
            continue;
        ranges.append({ start, int(part.size()), formatOf(run) });
        bool hasTarget = false;
        const int target = run.value(QStringLiteral("target"), -1).toInt(&hasTarget);
        if (hasTarget && target >= 0)
            targets.append(QVariantMap { { QStringLiteral("target"), target },
                { QStringLiteral("start"), start },
                { QStringLiteral("end"), start + int(part.size()) },
                { QStringLiteral("text"), part } });
    }
    m_highlighter->setRanges(std::move(ranges));
    m_targets = targets;
    const bool textChanged = text != m_text;
    m_text = text;
    Q_EMIT runsChanged();
    Q_EMIT this->textChanged();
    // Same text, other formats (a theme change): lay them again.
    if (!textChanged && m_highlighter->document())
        m_highlighter->rehighlight();
}

int CardTextFormat::targetAt(int position) const
{
    for (const int at : { position, position - 1 }) {
        for (const QVariant &value : m_targets) {
            const QVariantMap target = value.toMap();
            if (at >= target.value(QStringLiteral("start")).toInt()
                && at < target.value(QStringLiteral("end")).toInt())
                return target.value(QStringLiteral("target")).toInt();
        }
    }
    return -1;
}

} // namespace tessera
