// SecretClipboard on the real (offscreen) system clipboard: a copied secret is cleared after the
// delay only while the clipboard still holds it; a copy again restarts the countdown; clearNow
// and the object's end clear it too.
#include "cards/secretclipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

using tessera::SecretClipboard;

class TestSecretClipboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QGuiApplication::clipboard()->setText(QStringLiteral("before")); }

    void defaultIsOneMinute()
    {
        const SecretClipboard secret;
        QCOMPARE(secret.clearAfter(), 60'000);
        QVERIFY(!secret.isPending());
    }

    void copiedThenCleared()
    {
        SecretClipboard secret;
        secret.setClearAfter(150);
        QSignalSpy expired(&secret, &SecretClipboard::expired);
        secret.copy(QStringLiteral("abcd-efgh-2345"));
        QClipboard *clipboard = QGuiApplication::clipboard();
        QCOMPARE(clipboard->text(), QStringLiteral("abcd-efgh-2345"));
        QCOMPARE(clipboard->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")),
            QByteArrayLiteral("secret"));
        QVERIFY(secret.isPending());
        // Still there before the delay.
        QTest::qWait(50);
        QCOMPARE(clipboard->text(), QStringLiteral("abcd-efgh-2345"));
        QTRY_COMPARE(expired.count(), 1);
        QCOMPARE(expired.at(0).at(0).toBool(), true);
        QCOMPARE(clipboard->text(), QString());
        QVERIFY(!secret.isPending());
    }

    void notClearedWhenChangedMeanwhile()
    {
        SecretClipboard secret;
        secret.setClearAfter(150);
        QSignalSpy expired(&secret, &SecretClipboard::expired);
        secret.copy(QStringLiteral("abcd-efgh-2345"));
        QGuiApplication::clipboard()->setText(QStringLiteral("something the person copied"));
        QTRY_COMPARE(expired.count(), 1);
        QCOMPARE(expired.at(0).at(0).toBool(), false);
        QCOMPARE(
            QGuiApplication::clipboard()->text(), QStringLiteral("something the person copied"));
    }

    void copyAgainRestartsTheCountdown()
    {
        SecretClipboard secret;
        secret.setClearAfter(300);
        QSignalSpy expired(&secret, &SecretClipboard::expired);
        secret.copy(QStringLiteral("first"));
        QTest::qWait(200);
        secret.copy(QStringLiteral("second"));
        QTest::qWait(200); // 400 ms after the first copy: its countdown did not clear
        QCOMPARE(expired.count(), 0);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("second"));
        QTRY_COMPARE(expired.count(), 1);
        QCOMPARE(QGuiApplication::clipboard()->text(), QString());
    }

    void clearNowAndAtTheEnd()
    {
        {
            SecretClipboard secret;
            secret.copy(QStringLiteral("now"));
            QVERIFY(secret.clearNow());
            QCOMPARE(QGuiApplication::clipboard()->text(), QString());
            QVERIFY(!secret.isPending());
            QVERIFY(!secret.clearNow()); // nothing copied any more
        }
        {
            SecretClipboard secret;
            secret.copy(QStringLiteral("at the end"));
            QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("at the end"));
        }
        QCOMPARE(QGuiApplication::clipboard()->text(), QString());
        {
            SecretClipboard secret;
            secret.copy(QStringLiteral("replaced"));
            QGuiApplication::clipboard()->setText(QStringLiteral("mine"));
        }
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("mine"));
    }
};

QTEST_MAIN(TestSecretClipboard)
#include "tst_secretclipboard.moc"
