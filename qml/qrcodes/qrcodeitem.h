#pragma once

#include <QColor>
#include <QImage>
#include <QQuickPaintedItem>
#include <QString>

namespace tessera {

// `QrCode { text: Pass.qrText }` (import Tessera.QrCodes, the plugin loaded with the Pass page):
// draws text as a QR code (QrEncoder, error correction M), its modules scaled to the largest whole
// number of pixels that fits the item, centred, crisp (no smoothing). Only the code; the page
// draws the light margin (quiet zone) around it. Decorative for assistive technology: the page
// says what it is.
class QrCodeItem : public QQuickPaintedItem
{
    Q_OBJECT
    QML_NAMED_ELEMENT(QrCode)
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY colorChanged)
    // The code's width in modules (0 when there is no code): for tests and layout.
    Q_PROPERTY(int modules READ modules NOTIFY textChanged)
public:
    explicit QrCodeItem(QQuickItem *parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString &text);
    QColor color() const { return m_color; }
    void setColor(const QColor &color);
    int modules() const { return m_code.width(); }

    void paint(QPainter *painter) override;

Q_SIGNALS:
    void textChanged();
    void colorChanged();

private:
    QString m_text;
    QColor m_color = Qt::black;
    QImage m_code; // one pixel per module, no quiet zone
};

} // namespace tessera
