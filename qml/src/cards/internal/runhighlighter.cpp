#include "cards/internal/runhighlighter.h"

#include <QTextBlock>

#include <algorithm>

namespace tessera::internal {

RunHighlighter::RunHighlighter(QObject *parent)
    : QSyntaxHighlighter(parent)
{ }

void RunHighlighter::setRanges(QList<Range> ranges)
{
    m_ranges = std::move(ranges);
}

void RunHighlighter::highlightBlock(const QString &text)
{
    const int blockStart = currentBlock().position();
    const int blockEnd = blockStart + int(text.size());
    for (const Range &range : std::as_const(m_ranges)) {
        const int start = std::max(range.start, blockStart);
        const int end = std::min(range.start + range.length, blockEnd);
        if (start < end)
            setFormat(start - blockStart, end - start, range.format);
    }
}

} // namespace tessera::internal
