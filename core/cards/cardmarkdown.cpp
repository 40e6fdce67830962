#include "cards/cardmarkdown.h"

#include <QRegularExpression>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace tessera::cards {

namespace {

// A piece of a line before emphasis is matched: text, a link, or a run of '*' or '_'.
struct Token
{
    enum class Kind { Text, Link, Delimiter };
    Kind kind = Kind::Text;
    QString text;
    int link = -1;
    QChar delimiter;
    int length = 0;
    bool matched = false;
    bool opens = false;
    bool canOpen = false;
    bool canClose = false;
};

Token textToken(const QString &text, Token::Kind kind = Token::Kind::Text, int link = -1)
{
    Token token;
    token.kind = kind;
    token.text = text;
    token.link = link;
    return token;
}

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber();
}

void appendText(std::vector<Token> &tokens, const QString &text)
{
    if (text.isEmpty())
        return;
    if (!tokens.empty() && tokens.back().kind == Token::Kind::Text)
        tokens.back().text += text;
    else
        tokens.push_back(textToken(text));
}

// Finds "[text](target)" links in one line with work linear in the line: positions only move
// forward, and the search for a ')' is remembered, so a line of thousands of '[' or of
// unclosed "[a](" is not rescanned per '['.
class LinkReader
{
public:
    explicit LinkReader(const QString &line)
        : m_line(line)
    { }

    // Reads a link at position i (a '['); answers its end or -1.
    qsizetype read(qsizetype i, QString &text, QString &target)
    {
        // The text ends at the first ']'; a '[' before it means this '[' opens no link.
        qsizetype close = i + 1;
        while (close < m_line.size() && m_line.at(close) != QLatin1Char(']')
            && m_line.at(close) != QLatin1Char('['))
            ++close;
        if (close >= m_line.size() || m_line.at(close) == QLatin1Char('[') || close == i + 1
            || close + 1 >= m_line.size() || m_line.at(close + 1) != QLatin1Char('('))
            return -1;
        const qsizetype end = nextAtOrAfter(m_close, QLatin1Char(')'), close + 2);
        if (end < 0)
            return -1;
        qsizetype first = close + 2;
        while (first < end && m_line.at(first).isSpace())
            ++first;
        const qsizetype last = lastNonSpaceBefore(end); // the target is [first, last)
        if (first >= last)
            return -1;
        if (const qsizetype space = nextAtOrAfter(m_space, QLatin1Char(' '), first);
            space >= 0 && space < last)
            return -1;
        text = m_line.mid(i + 1, close - i - 1);
        target = m_line.mid(first, last - first);
        return end + 1;
    }

private:
    // The first c at or after from, remembering the answer for later (never smaller) from.
    qsizetype nextAtOrAfter(qsizetype &found, QChar c, qsizetype from)
    {
        if (found == -1 || (found >= 0 && found < from)) {
            found = m_line.indexOf(c, from);
            if (found < 0)
                found = -2; // none left in the line
        }
        return found >= 0 ? found : -1;
    }

    qsizetype lastNonSpaceBefore(qsizetype end)
    {
        if (end != m_trimmedEnd) {
            m_trimmedEnd = end;
            m_trimmedLast = end;
            while (m_trimmedLast > 0 && m_line.at(m_trimmedLast - 1).isSpace())
                --m_trimmedLast;
        }
        return m_trimmedLast;
    }

    const QString &m_line;
    qsizetype m_close = -1; // -1: not searched yet, -2: none left
    qsizetype m_space = -1;
    qsizetype m_trimmedEnd = -1;
    qsizetype m_trimmedLast = -1;
};

std::vector<Token> tokenize(const QString &line, QStringList &links)
{
    std::vector<Token> tokens;
    QString pending;
    LinkReader linkReader(line);
    qsizetype i = 0;
    while (i < line.size()) {
        const QChar c = line.at(i);
        if (c == QLatin1Char('\\') && i + 1 < line.size() && line.at(i + 1).isPunct()) {
            pending += line.at(i + 1);
            i += 2;
            continue;
        }
        if (c == QLatin1Char('[')) {
            QString text;
            QString target;
            const qsizetype end = linkReader.read(i, text, target);
            if (end > 0) {
                appendText(tokens, pending);
                pending.clear();
                links.append(target);
                tokens.push_back(textToken(text, Token::Kind::Link, int(links.size() - 1)));
                i = end;
                continue;
            }
        }
        if (c == QLatin1Char('*') || c == QLatin1Char('_')) {
            qsizetype end = i;
            while (end < line.size() && line.at(end) == c)
                ++end;
            const QChar before = i > 0 ? line.at(i - 1) : QChar(QLatin1Char(' '));
            const QChar after = end < line.size() ? line.at(end) : QChar(QLatin1Char(' '));
            Token token = textToken(line.mid(i, end - i), Token::Kind::Delimiter);
            token.delimiter = c;
            token.length = int(end - i);
            token.canOpen = !after.isSpace();
            token.canClose = !before.isSpace();
            // An underscore inside a word (snake_case) is text.
            if (c == QLatin1Char('_') && isWordCharacter(before) && isWordCharacter(after))
                token.canOpen = token.canClose = false;
            if ((token.canOpen || token.canClose) && token.length <= 3) {
                appendText(tokens, pending);
                pending.clear();
                tokens.push_back(token);
            } else {
                pending += token.text;
            }
            i = end;
            continue;
        }
        pending += c;
        ++i;
    }
    appendText(tokens, pending);
    return tokens;
}

// Pairs each closing delimiter with the nearest open one of the same character and length.
void matchDelimiters(std::vector<Token> &tokens)
{
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Token &token = tokens[i];
        if (token.kind != Token::Kind::Delimiter)
            continue;
        bool closed = false;
        if (token.canClose) {
            // Only the nearest openers are candidates: a line of thousands of unmatched markers
            // stays linear.
            const std::size_t reach = std::min<std::size_t>(open.size(), 64);
            for (auto it = open.rbegin(); it != open.rbegin() + std::ptrdiff_t(reach); ++it) {
                Token &opener = tokens[*it];
                if (opener.delimiter == token.delimiter && opener.length == token.length) {
                    opener.matched = token.matched = true;
                    opener.opens = true;
                    open.erase(std::next(it).base(), open.end());
                    closed = true;
                    break;
                }
            }
        }
        if (!closed && token.canOpen)
            open.push_back(i);
    }
}

QList<MarkdownRun> runsOf(const QString &line, QStringList &links)
{
    std::vector<Token> tokens = tokenize(line, links);
    matchDelimiters(tokens);
    QList<MarkdownRun> runs;
    int bold = 0;
    int italic = 0;
    auto append = [&](const QString &text, int link) {
        if (text.isEmpty())
            return;
        MarkdownRun run { text, bold > 0, italic > 0, link };
        if (!runs.isEmpty() && link < 0 && runs.back().link < 0 && runs.back().bold == run.bold
            && runs.back().italic == run.italic)
            runs.back().text += text;
        else
            runs.append(run);
    };
    for (const Token &token : tokens) {
        if (token.kind == Token::Kind::Delimiter && token.matched) {
            const int step = token.opens ? 1 : -1;
            if (token.length != 2)
                italic += step;
            if (token.length >= 2)
                bold += step;
            continue;
        }
        append(token.text, token.kind == Token::Kind::Link ? token.link : -1);
    }
    return runs;
}

} // namespace

QList<MarkdownBlock> CardMarkdown::parse(const QString &text, QStringList &links)
{
    static const QRegularExpression bullet(QStringLiteral("^\\s*[-*+]\\s+(.*)$"));
    static const QRegularExpression numbered(QStringLiteral("^\\s*(\\d{1,9})\\.\\s+(.*)$"));
    QList<MarkdownBlock> blocks;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &rawLine : lines) {
        QString line = rawLine;
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        MarkdownBlock block;
        QString content = line;
        if (const auto m = bullet.match(line); m.hasMatch()) {
            block.kind = MarkdownBlock::Kind::Bullet;
            content = m.captured(1);
        } else if (const auto n = numbered.match(line); n.hasMatch()) {
            block.kind = MarkdownBlock::Kind::Numbered;
            block.number = n.captured(1).toInt();
            content = n.captured(2);
        }
        block.runs = runsOf(content, links);
        blocks.append(block);
    }
    return blocks;
}

} // namespace tessera::cards
