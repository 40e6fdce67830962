#include "qrcodeitem.h"

#include "qrcodeslogging.h"
#include "scanner/qrencoder.h"

#include <QPainter>

namespace tessera {

QrCodeItem::QrCodeItem(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
    setAntialiasing(false);
}

void QrCodeItem::setText(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    m_code = text.isEmpty() ? QImage() : QrEncoder::render(text.toUtf8(), 1, 0);
    if (!text.isEmpty() && m_code.isNull())
        qCWarning(lcQrCodes) << "the pass text does not fit a QR code:" << text.size()
                             << "characters";
    Q_EMIT textChanged();
    update();
}

void QrCodeItem::setColor(const QColor &color)
{
    if (m_color == color)
        return;
    m_color = color;
    Q_EMIT colorChanged();
    update();
}

void QrCodeItem::paint(QPainter *painter)
{
    if (m_code.isNull())
        return;
    const int side = static_cast<int>(std::min(width(), height()));
    const int module = side / m_code.width();
    if (module < 1)
        return;
    const int drawn = module * m_code.width();
    const int left = static_cast<int>((width() - drawn) / 2);
    const int top = static_cast<int>((height() - drawn) / 2);
    painter->setRenderHint(QPainter::Antialiasing, false);
    for (int y = 0; y < m_code.height(); ++y) {
        const uchar *line = m_code.constScanLine(y);
        for (int x = 0; x < m_code.width();) {
            if (line[x] >= 128) {
                ++x;
                continue;
            }
            int run = x;
            while (run < m_code.width() && line[run] < 128)
                ++run;
            painter->fillRect(
                left + x * module, top + y * module, (run - x) * module, module, m_color);
            x = run;
        }
    }
}

} // namespace tessera
