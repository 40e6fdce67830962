// End to end through the app's real QML against the real tessera-server (demo data): a news
// post's hero image, uploaded by the sub-system and served only to the post's audience, is drawn
// on the post's page from the app's encrypted media cache (image://tessera-media, through the
// session's ApiClient; the QML engine itself fetches nothing). The composition is main.cpp's with
// an in-memory secret store.
#include "appe2efixture.h"
#include "testhttp.h"

#include <QBuffer>
#include <QDirIterator>
#include <QImage>
#include <QPainter>

Q_IMPORT_QML_PLUGIN(TesseraPlugin)

using namespace tessera;
using namespace tessera::test;

namespace {

constexpr QSize kHeroSize(320, 180);

// A real PNG of kHeroSize: a gradient with a band, so that it is no blank image.
QByteArray heroPng()
{
    QImage image(kHeroSize, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient gradient(0, 0, kHeroSize.width(), kHeroSize.height());
    gradient.setColorAt(0, QColor(20, 90, 200));
    gradient.setColorAt(1, QColor(50, 200, 160));
    painter.fillRect(image.rect(), gradient);
    painter.fillRect(QRect(0, 120, kHeroSize.width(), 20), QColor(250, 190, 40));
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// Whether any file under dir holds needle (the app's database and its journal).
bool anyFileHolds(const QString &dir, const QByteArray &needle)
{
    QDirIterator files(dir, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            return true;
    }
    return false;
}

} // namespace

class TestAppNews : public QObject, protected AppE2eFixture
{
    Q_OBJECT

    QString m_key;

    HttpResult asKey(const QByteArray &method, const QString &path, const QByteArray &body,
        const QByteArray &contentType = QByteArrayLiteral("application/json")) const
    {
        auto headers = bearer(m_key);
        headers.append({ QByteArrayLiteral("Content-Type"), contentType });
        return httpRequest(method, m_server.url(path), body, headers);
    }

private Q_SLOTS:
    void initTestCase()
    {
        startParts();
        m_key = demoApiKey(m_server).value(QStringLiteral("key")).toString();
        QVERIFY(!m_key.isEmpty());
    }

    // Asha (Operations) opens a post for Operations: its hero image is drawn, at its own size,
    // from the encrypted cache; the cache's files never hold the image's bytes in the clear.
    void heroImageShownFromTheEncryptedCache()
    {
        const QByteArray png = heroPng();
        const HttpResult uploaded =
            asKey("POST", QStringLiteral("/v1/subsystem/media"), png, "image/png");
        QVERIFY2(uploaded.status == 201, uploaded.body.constData());
        const QString url = uploaded.json().value(QStringLiteral("url")).toString();
        QVERIFY(url.startsWith(QStringLiteral("https://")));

        const QJsonObject post {
            { QStringLiteral("title"), QStringLiteral("Operations reached the summit") },
            { QStringLiteral("summary"), QStringLiteral("A picture from the top.") },
            { QStringLiteral("body"), QStringLiteral("**All** of the team made it.") },
            { QStringLiteral("category"), QStringLiteral("Company") },
            { QStringLiteral("image"), url },
            { QStringLiteral("audience"),
                QJsonObject { { QStringLiteral("departments"),
                    QJsonArray { QStringLiteral("Operations") } } } },
        };
        const HttpResult put =
            asKey("PUT", QStringLiteral("/v1/subsystem/news/summit"), compactJson(post));
        QVERIFY2(put.status == 201, put.body.constData());
        const QString id = put.json().value(QStringLiteral("id")).toString();

        const QJsonObject asha = account(QStringLiteral("Asha Rao"));
        App app(m_server.url());
        QVERIFY(app.window);
        signIn(app, asha.value(QStringLiteral("kind")).toString(),
            asha.value(QStringLiteral("username")).toString(),
            asha.value(QStringLiteral("password")).toString());
        QVERIFY(waitForState(app, Session::State::SignedIn));
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(QStringLiteral("homePage"))), answerTimeoutMs);
        QVERIFY(click(app, app.item(QStringLiteral("tab_news"))));
        const QString row = QStringLiteral("newsPost_") + id;
        QTRY_VERIFY_WITH_TIMEOUT(isShown(app.item(row)), answerTimeoutMs);
        QVERIFY(click(app, app.item(row)));
        QTRY_VERIFY_WITH_TIMEOUT(
            isShown(app.item(QStringLiteral("newsPostPage"))), answerTimeoutMs);

        // The hero image: from the media provider, loaded, the uploaded picture's size.
        QQuickItem *hero = app.item(QStringLiteral("newsPostImage"));
        QVERIFY(hero);
        QVERIFY2(hero->property("source").toUrl().toString().startsWith(
                     QStringLiteral("image://tessera-media/")),
            qPrintable(hero->property("source").toUrl().toString()));
        // Image.Ready is 1, Image.Error 3.
        QTRY_COMPARE_WITH_TIMEOUT(hero->property("status").toInt(), 1, answerTimeoutMs);
        QCOMPARE(hero->property("sourceSize").toSize(), kHeroSize);
        QVERIFY(isShown(hero));
        QCOMPARE(text(app, QStringLiteral("newsPostTitle")),
            QStringLiteral("Operations reached the summit"));

        // Kept encrypted: the image's bytes (its compressed pixel data) are in no file of the
        // app's data folder in the clear.
        const QByteArray pixels = png.mid(png.indexOf("IDAT") + 4, 48);
        QCOMPARE(pixels.size(), 48);
        QVERIFY(!anyFileHolds(app.dir.path(), pixels));

        // Someone outside the audience (Operations' post, Mira is Medical) gets nothing.
        const QJsonObject mira = signInDemo(
            m_server, QStringLiteral("Mira Nurse"), testDevice(QStringLiteral("news-e2e-mira")));
        const QString miraToken = mira.value(QStringLiteral("accessToken")).toString();
        QVERIFY(!miraToken.isEmpty());
        QCOMPARE(
            httpRequest("GET", m_server.url(QUrl(url).path()), {}, bearer(miraToken)).status, 404);

        QCOMPARE(asKey("DELETE", QStringLiteral("/v1/subsystem/news/summit"), {}).status, 204);
    }
};

int main(int argc, char *argv[])
{
    return runEndToEnd<TestAppNews>(argc, argv);
}

#include "tst_app_e2e_news.moc"
