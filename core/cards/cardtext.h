#pragma once
// Text of a card after its markdown is parsed: runs of plain text with bold, italic and a link
// (an index into the card's link list, never a URL inside the text).
#include <QList>
#include <QString>

namespace tessera::cards {

struct MarkdownRun
{
    QString text;
    bool bold = false;
    bool italic = false;
    int link = -1; // index into Card::links, -1 for none

    bool operator==(const MarkdownRun &other) const = default;
};

struct MarkdownBlock
{
    enum class Kind { Paragraph, Bullet, Numbered };
    Kind kind = Kind::Paragraph;
    int number = 0; // Numbered: the number written
    QList<MarkdownRun> runs;

    QString plainText() const;
};

} // namespace tessera::cards
