#pragma once
// The Adaptive Cards markdown subset of a TextBlock: **bold**, _italic_ (or *italic*),
// [links](https://...), "- " or "* " bulleted and "1. " numbered list lines, backslash escapes.
// Everything else is plain text: HTML is never interpreted (CardParser refuses text with tags).
#include "cards/cardtext.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace tessera::cards {

class CardMarkdown
{
public:
    // Parses text into blocks (one per non-empty line); each link's target is appended to links
    // and its runs carry that index.
    static QList<MarkdownBlock> parse(const QString &text, QStringList &links);
};

} // namespace tessera::cards
