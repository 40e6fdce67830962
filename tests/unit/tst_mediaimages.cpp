// The app's card images (qml/src/mediaimages.h): source() names only media of the session's own
// server (by the SHA-256 of their URL, never the URL), and the engine's image provider decodes a
// medium from the encrypted media cache; a key never named, or a medium neither cached nor
// fetchable (no sign-in), ends in an error, never a request to another host.
#include "fakes/testdeviceinfo.h"
#include "identity/session.h"
#include "media/mediacache.h"
#include "media/mediacachemigrations.h"
#include "mediaimages.h"
#include "net/apiclient.h"
#include "storage/database.h"
#include "storage/databaseschema.h"
#include "storage/memorysecretstore.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QImage>
#include <QQuickAsyncImageProvider>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;
using namespace tessera::test;

class TestMediaImages : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static QByteArray png(const QImage &image)
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return bytes;
    }

    // The response once finished (at once, or within the time).
    static bool finishes(QQuickImageResponse *response)
    {
        QSignalSpy finished(response, &QQuickImageResponse::finished);
        return !finished.isEmpty() || finished.wait(5000);
    }

private Q_SLOTS:
    void providerServesFromTheEncryptedCache()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        const auto endpoint = ServerEndpoint::parse(
            QStringLiteral("https://127.0.0.1:9"), ServerEndpoint::PlainHttp::Refuse, &error);
        QVERIFY2(endpoint, qPrintable(error));
        ApiClient client(*endpoint);
        MemorySecretStore secrets;
        TestDeviceInfo device;
        Session session(client, secrets, device,
            Session::Options {
                m_dir.filePath(QStringLiteral("session.db")), QStringLiteral("test-device"), {} });
        MediaCache cache(session.api(), session.scope(), session.api().endpoint());
        DatabaseSchema schema = DatabaseSchema::base();
        schema.add(QStringLiteral("media"), mediaCacheMigrations());
        const DatabaseOpenResult opened =
            Database::open(m_dir.filePath(QStringLiteral("media.db")), Database::newKey(), schema);
        QVERIFY2(opened.ok(), qPrintable(opened.detail));
        cache.store().setDatabase(opened.database);

        QImage picture(6, 4, QImage::Format_ARGB32);
        picture.fill(QColor(200, 30, 40));
        const QString url = QStringLiteral("https://127.0.0.1/v1/media/med_chart");
        QVERIFY(cache.store().put(MediaStore::keyOf(url),
            { QStringLiteral("image/png"), QByteArrayLiteral("\"e\""), png(picture) }));

        MediaImages images(cache);
        const QString source = images.source(url);
        QCOMPARE(source, QStringLiteral("image://tessera-media/") + MediaStore::keyOf(url));
        QVERIFY(!source.contains(QStringLiteral("med_chart")));
        // Other hosts, other paths, other schemes: no image at all.
        QCOMPARE(images.source(QStringLiteral("https://tracker.example.com/v1/media/med_chart")),
            QString());
        QCOMPARE(images.source(QStringLiteral("https://127.0.0.1/pixel.png")), QString());
        QCOMPARE(images.source(QStringLiteral("http://127.0.0.1/v1/media/med_chart")), QString());
        QCOMPARE(images.urlOf(MediaStore::keyOf(url)), url);

        std::unique_ptr<QQuickAsyncImageProvider> provider(images.makeProvider());
        std::unique_ptr<QQuickImageResponse> response(
            provider->requestImageResponse(MediaStore::keyOf(url), QSize()));
        QVERIFY(finishes(response.get()));
        QCOMPARE(response->errorString(), QString());
        std::unique_ptr<QQuickTextureFactory> texture(response->textureFactory());
        QVERIFY(texture);
        const QImage shown = texture->image();
        QCOMPARE(shown.size(), QSize(6, 4));
        QCOMPARE(shown.pixelColor(2, 2), QColor(200, 30, 40));

        // Scaled to the size asked for, keeping its shape.
        std::unique_ptr<QQuickImageResponse> small(
            provider->requestImageResponse(MediaStore::keyOf(url), QSize(3, 3)));
        QVERIFY(finishes(small.get()));
        std::unique_ptr<QQuickTextureFactory> smallTexture(small->textureFactory());
        QCOMPARE(smallTexture->image().size(), QSize(3, 2));

        // A key source() never named: an error at once (finished before the response is handed
        // back, which Qt's image reader allows for), nothing fetched.
        std::unique_ptr<QQuickImageResponse> unknown(
            provider->requestImageResponse(QString(64, QLatin1Char('0')), QSize()));
        QVERIFY(!unknown->errorString().isEmpty());

        // Named but not cached, and no one signed in to fetch it: an error.
        const QString other = QStringLiteral("https://127.0.0.1/v1/media/med_other");
        const QString otherSource = images.source(other);
        QVERIFY(!otherSource.isEmpty());
        std::unique_ptr<QQuickImageResponse> missing(
            provider->requestImageResponse(MediaStore::keyOf(other), QSize()));
        QVERIFY(finishes(missing.get()));
        QVERIFY(!missing->errorString().isEmpty());

        // Bytes that are no image: an error.
        const QString broken = QStringLiteral("https://127.0.0.1/v1/media/med_broken");
        QVERIFY(cache.store().put(MediaStore::keyOf(broken),
            { QStringLiteral("image/png"), QByteArrayLiteral("\"b\""),
                QByteArrayLiteral("\x89PNG\r\n\x1a\nnot really") }));
        QVERIFY(!images.source(broken).isEmpty());
        std::unique_ptr<QQuickImageResponse> notAnImage(
            provider->requestImageResponse(MediaStore::keyOf(broken), QSize()));
        QVERIFY(finishes(notAnImage.get()));
        QVERIFY(!notAnImage->errorString().isEmpty());
        cache.store().setDatabase(nullptr);
    }
};

// A GUI application (the texture factory needs one), on the offscreen platform: no display.
int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestMediaImages test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mediaimages.moc"
