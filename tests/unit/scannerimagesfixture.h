#pragma once

// What the scanner's image tests share: a still image through a scanner, luma interleaved as YUYV
// and read back pixel by pixel, an allowed pass's QR text, and a scanner at the fixed time.
#include "scanner/frameimage.h"
#include "scanner/frameluma.h"
#include "scanner/qrdecoder.h"
#include "scanner/scanner.h"
#include "scannerfixture.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <optional>

namespace scannertest {

inline constexpr int waitMs = 30000; // generous: ASan, a busy machine

// The results of one still image through a scanner.
inline QList<ScanResult> scanStill(Scanner &scanner, const QImage &image)
{
    QSignalSpy results(&scanner, &Scanner::resultReady);
    QSignalSpy done(&scanner, &Scanner::frameProcessed);
    if (!scanner.scanImage(image) || !done.wait(waitMs))
        return {};
    QList<ScanResult> list;
    for (const QList<QVariant> &arguments : std::as_const(results))
        list.append(arguments.at(0).value<ScanResult>());
    return list;
}

// The same picture with a pixel stride of 2 (luma bytes interleaved with others, as YUYV).
inline QByteArray interleaved(const QImage &grey)
{
    QByteArray bytes(qsizetype(grey.width()) * grey.height() * 2, char(0x80));
    for (int y = 0; y < grey.height(); ++y) {
        for (int x = 0; x < grey.width(); ++x)
            bytes[(qsizetype(y) * grey.width() + x) * 2] = char(grey.constScanLine(y)[x]);
    }
    return bytes;
}

inline uchar at(const LumaView &view, int x, int y)
{
    return view.data[qsizetype(y) * view.rowStride + qsizetype(x) * view.pixelStride];
}

class ScannerImagesFixture
{
protected:
    QString m_allowed = qrText(QStringLiteral("p7Hq2xK9mR4w"));

    std::unique_ptr<Scanner> newScanner(
        const CheckProcess &process = officeEntry(), const QSet<QString> &revoked = {}) const
    {
        auto scanner = std::make_unique<Scanner>(verifier(revoked), process);
        scanner->setClock([] { return now; });
        return scanner;
    }

    // What every test needs, set up once per test executable.
    void startParts()
    {
        QVERIFY(issuerKey().isValid());
        QVERIFY(!m_allowed.isEmpty());
        QVERIFY(m_allowed.contains(QLatin1Char(' '))); // spaces: never trimmed
        QVERIFY(!code(m_allowed).isNull());
    }
};

} // namespace scannertest
