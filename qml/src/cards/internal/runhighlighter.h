#pragma once
// CardTextFormat's formats laid over a plain-text document by position (a QSyntaxHighlighter
// changes how the text looks, never what it is).
#include <QList>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace tessera::internal {

class RunHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    struct Range
    {
        int start = 0;
        int length = 0;
        QTextCharFormat format;
    };

    explicit RunHighlighter(QObject *parent);

    void setRanges(QList<Range> ranges);

protected:
    void highlightBlock(const QString &text) override;

private:
    QList<Range> m_ranges;
};

} // namespace tessera::internal
