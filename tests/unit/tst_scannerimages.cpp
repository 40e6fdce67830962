// Golden images made here, not committed: a pass's QR code drawn with QrEncoder, then rotated,
// seen in perspective, blurred, noised, dimmed, inverted, shrunk into a corner of a 1280x720
// frame. Each goes through the scanner (ZXing-cpp decoding, the offline verifier) and must give
// the pass's verdict; frames without a code give nothing; codes that are not Tessera passes or
// are malformed give a clear result.
#include "scannerimagesfixture.h"

using namespace scannertest;

class TestScannerImages : public QObject, protected ScannerImagesFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void transformedCodesGiveTheirVerdict_data()
    {
        QTest::addColumn<QImage>("image");
        const QImage clean = code(m_allowed);
        QTest::newRow("clean") << frameWith(clean);
        QTest::newRow("rotated 15") << rotated(clean, 15);
        QTest::newRow("rotated 45") << rotated(clean, 45);
        QTest::newRow("rotated 90") << rotated(clean, 90);
        QTest::newRow("perspective") << perspective(clean);
        QTest::newRow("blurred") << blurred(frameWith(clean), 1);
        QTest::newRow("noise") << noisy(frameWith(clean), 60);
        QTest::newRow("dim") << dimmed(frameWith(clean), 20, 70);
        QTest::newRow("inverted") << inverted(frameWith(clean));
        QTest::newRow("inverted rotated 45") << inverted(rotated(clean, 45));
        QTest::newRow("small in a corner") << inCorner(code(m_allowed, 2));
        QTest::newRow("rotated, blurred, dim and noisy")
            << noisy(dimmed(blurred(rotated(clean, 30), 1), 60, 200), 15);
        // ZXing-cpp 1.4 alone misses these small codes at these angles; the still path reads
        // them (a second binarizer, a resampled image).
        QTest::newRow("rotated 46") << rotated(clean, 46);
        QTest::newRow("rotated 75, 3 px modules") << rotated(code(m_allowed, 3), 75);
    }

    void transformedCodesGiveTheirVerdict()
    {
        QFETCH(QImage, image);
        QCOMPARE(image.size(), QSize(1280, 720));
        const auto scanner = newScanner();
        const QList<ScanResult> results = scanStill(*scanner, image);
        QCOMPARE(results.size(), 1);
        const ScanResult &result = results.first();
        QVERIFY(result.isTesseraPass);
        QCOMPARE(result.verdict.kind, VerdictKind::Allow);
        QCOMPARE(result.verdict.reason, Reason::Allowed);
        QCOMPARE(result.passId(), QStringLiteral("p7Hq2xK9mR4w"));
        QCOMPARE(result.verdict.process, QStringLiteral("office-entry"));
        QCOMPARE(result.scannedAt, now);
    }

    static CheckProcess processNamed(const QString &name)
    {
        if (name == QLatin1String("office-entry"))
            return officeEntry();
        if (name == QLatin1String("medical-check"))
            return medicalCheck();
        // A process whose claim no pass has: its otherwise outcome.
        return process(R"({"name":"site-visit","title":"Site visit","claim":"site-visit",
            "rule":{"values":{},"otherwise":{"verdict":"action","action":"Call the host"}}})");
    }

    void everyAngle()
    {
        const QImage clean = code(m_allowed, 3);
        for (int degrees = 0; degrees < 360; degrees += 7) {
            const auto scanner = newScanner();
            const QList<ScanResult> results = scanStill(*scanner, rotated(clean, degrees));
            QVERIFY2(results.size() == 1, qPrintable(QString::number(degrees)));
            QCOMPARE(results.first().verdict.kind, VerdictKind::Allow);
        }
    }

    void eachVerdictThroughTheCamera_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("process");
        QTest::addColumn<QStringList>("revoked");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("action");
        const QString suspended =
            qrText(QStringLiteral("pSuspended01"), QStringLiteral("suspended"));
        const QString stale =
            qrText(QStringLiteral("p7Hq2xK9mR4w"), QStringLiteral("allowed"), now - 90);
        QTest::newRow("allow") << m_allowed << "office-entry" << QStringList() << "allow"
                               << "allowed"
                               << "";
        QTest::newRow("allow medical") << m_allowed << "medical-check" << QStringList() << "allow"
                                       << "allowed"
                                       << "";
        QTest::newRow("deny by rule") << suspended << "office-entry" << QStringList() << "deny"
                                      << "denied_by_rule"
                                      << "";
        QTest::newRow("action") << m_allowed << "site-visit" << QStringList() << "action"
                                << "no_status_for_process"
                                << "Call the host";
        QTest::newRow("revoked") << m_allowed << "office-entry"
                                 << QStringList { QStringLiteral("p7Hq2xK9mR4w") } << "deny"
                                 << "revoked"
                                 << "";
        QTest::newRow("stale") << stale << "office-entry" << QStringList() << "deny"
                               << "stale_code"
                               << "";
    }

    void eachVerdictThroughTheCamera()
    {
        QFETCH(QString, text);
        QFETCH(QString, process);
        QFETCH(QStringList, revoked);
        QFETCH(QString, verdict);
        QFETCH(QString, reason);
        QFETCH(QString, action);
        QVERIFY(!text.isEmpty());
        const auto scanner =
            newScanner(processNamed(process), QSet<QString>(revoked.begin(), revoked.end()));
        const QList<ScanResult> results = scanStill(*scanner, rotated(code(text), 20));
        QCOMPARE(results.size(), 1);
        const QJsonObject line = results.first().toJson();
        QCOMPARE(line.value(QStringLiteral("verdict")).toString(), verdict);
        QCOMPARE(line.value(QStringLiteral("reason")).toString(), reason);
        QCOMPARE(line.value(QStringLiteral("action")).toString(), action);
        QCOMPARE(line.value(QStringLiteral("process")).toString(), process);
        QCOMPARE(line.value(QStringLiteral("passId")).toString(), results.first().passId());
    }

    void framesWithoutACodeGiveNothing_data()
    {
        QTest::addColumn<QImage>("image");
        QImage blank(1280, 720, QImage::Format_Grayscale8);
        blank.fill(200);
        QTest::newRow("blank") << blank;
        QImage black(1280, 720, QImage::Format_Grayscale8);
        black.fill(0);
        QTest::newRow("black") << black;
        QTest::newRow("noise") << noisy(blank, 120);
        QImage checker(1280, 720, QImage::Format_Grayscale8);
        for (int y = 0; y < checker.height(); ++y)
            for (int x = 0; x < checker.width(); ++x)
                checker.scanLine(y)[x] = ((x / 9 + y / 9) % 2) ? 255 : 0;
        QTest::newRow("checkerboard") << checker;
        QImage half = frameWith(code(m_allowed));
        QPainter(&half).fillRect(QRect(0, 0, 640, 720), Qt::white); // half a code
        QTest::newRow("half a code") << half;
        QTest::newRow("tiny") << QImage(1, 1, QImage::Format_Grayscale8);
    }

    void framesWithoutACodeGiveNothing()
    {
        QFETCH(QImage, image);
        const auto scanner = newScanner();
        QSignalSpy done(scanner.get(), &Scanner::frameProcessed);
        QSignalSpy results(scanner.get(), &Scanner::resultReady);
        QVERIFY(scanner->scanImage(image));
        QVERIFY(done.wait(waitMs));
        QCOMPARE(results.size(), 0);
        QCOMPARE(scanner->stats().codesRead, 0u);
    }

    void malformedContentsGiveAClearResult_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<bool>("isTesseraPass");
        QTest::addColumn<QString>("reason");
        QTest::newRow("a web address")
            << QByteArrayLiteral("https:/example.com/x") << false << "wrong_prefix";
        QTest::newRow("lower-case prefix")
            << m_allowed.toLower().toUtf8() << false << "wrong_prefix";
        QTest::newRow("prefix only") << QByteArrayLiteral("TS1:") << true << "malformed";
        QTest::newRow("truncated") << m_allowed.left(200).toUtf8() << true << "malformed";
        QTest::newRow("not base45") << QByteArrayLiteral("TS1:hello world") << true << "malformed";
        QTest::newRow("very long")
            << (QByteArrayLiteral("TS1:") + QByteArray(900, 'A')) << true << "too_long";
        QTest::newRow("very long, not a pass") << QByteArray(1200, '7') << false << "too_long";
        QByteArray binary(120, Qt::Uninitialized);
        QRandomGenerator random(11);
        for (char &byte : binary)
            byte = char(random.bounded(256));
        QTest::newRow("random bytes") << binary << false << "";
        QTest::newRow("one space") << QByteArrayLiteral(" ") << false << "wrong_prefix";
    }

    void malformedContentsGiveAClearResult()
    {
        QFETCH(QByteArray, contents);
        QFETCH(bool, isTesseraPass);
        QFETCH(QString, reason);
        const QImage image = QrEncoder::render(contents, 3);
        QVERIFY(!image.isNull());
        const auto scanner = newScanner();
        const QList<ScanResult> results = scanStill(*scanner, frameWith(image));
        QCOMPARE(results.size(), 1);
        const ScanResult &result = results.first();
        QCOMPARE(result.isTesseraPass, isTesseraPass);
        QCOMPARE(result.verdict.kind, VerdictKind::Deny);
        QVERIFY(!result.verdict.pass);
        if (!reason.isEmpty())
            QCOMPARE(result.verdict.reasonCode(), reason);
        QVERIFY(!result.verdict.message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestScannerImages)
#include "tst_scannerimages.moc"
