#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace tessera {

namespace internal {
class RunHighlighter;
}

// `CardTextFormat`: a card's styled text (TextBlock markdown runs, RichTextBlock TextRuns) shown
// in a plain-text TextEdit (docs/CARDS.md, DESIGN decision 7: nothing in the text is ever read
// as markup). `runs` in: [{text, bold, italic, underline, strikethrough, monospace, pixelSize,
// color, background, target}] (all but text optional; a "\n" in a text starts a new line);
// `text` out is the runs' text joined, for the TextEdit's text; the formats are laid over the
// TextEdit's document (`document`: its textDocument) by position. `targets` lists the runs with
// a target (a link or an action, >= 0) as [{target, start, end, text}], for the view's keyboard
// focus and its screen-reader links; targetAt(position) answers the target at a position.
class CardTextFormat : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    // The TextEdit's textDocument (a QQuickTextDocument).
    Q_PROPERTY(QObject *document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(QVariantList runs READ runs WRITE setRuns NOTIFY runsChanged)
    Q_PROPERTY(QString text READ text NOTIFY textChanged)
    Q_PROPERTY(QVariantList targets READ targets NOTIFY textChanged)
public:
    explicit CardTextFormat(QObject *parent = nullptr);
    ~CardTextFormat() override;

    QObject *document() const { return m_document; }
    void setDocument(QObject *document);
    QVariantList runs() const { return m_runs; }
    void setRuns(const QVariantList &runs);
    QString text() const { return m_text; }
    QVariantList targets() const { return m_targets; }

    // The target of the run at this position of the text (or just before it), -1 for none.
    Q_INVOKABLE int targetAt(int position) const;

Q_SIGNALS:
    void documentChanged();
    void runsChanged();
    void textChanged();

private:
    QPointer<QObject> m_document;
    QVariantList m_runs;
    QString m_text;
    QVariantList m_targets;
    internal::RunHighlighter *m_highlighter; // owned (a child)
};

} // namespace tessera
