#include "cards/cardtext.h"

namespace tessera::cards {

QString MarkdownBlock::plainText() const
{
    QString text;
    for (const MarkdownRun &run : runs)
        text += run.text;
    return text;
}

} // namespace tessera::cards
