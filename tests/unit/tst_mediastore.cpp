// The card media cache on real SQLCipher files: the "media" feature's migrations, media stored and
// found by the key of their URL, never in clear in the file, bounded with the least recently used
// (read or stored) dropped first, a medium larger than the bound never stored, and nothing without
// a database.
#include "media/mediacachemigrations.h"
#include "media/mediastore.h"
#include "storage/database.h"
#include "storage/databaseschema.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;

class TestMediaStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    static DatabaseSchema schema()
    {
        DatabaseSchema schema = DatabaseSchema::base();
        schema.add(QStringLiteral("media"), mediaCacheMigrations());
        return schema;
    }

    std::shared_ptr<Database> open(QString *path = nullptr)
    {
        const QString file = m_dir.filePath(QStringLiteral("media-%1.db").arg(++m_files));
        if (path)
            *path = file;
        const DatabaseOpenResult result = Database::open(file, Database::newKey(), schema());
        if (!result.ok())
            qWarning() << "open failed:" << result.detail;
        return result.database;
    }

    // Bytes no encryption would leave as they are: a marker repeated.
    static QByteArray marked(char tag, qsizetype size)
    {
        QByteArray bytes = QByteArrayLiteral("TESSERA-MEDIA-MARKER-") + tag;
        while (bytes.size() < size)
            bytes += bytes;
        return bytes.left(size);
    }

    static MediaStore::Medium medium(const QByteArray &bytes)
    {
        return { QStringLiteral("image/png"), QByteArrayLiteral("\"etag\""), bytes };
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void storesAndFindsByTheKeyOfItsUrl()
    {
        MediaStore store(open());
        const QString url = QStringLiteral("https://tessera.example.com/v1/media/med_abc");
        const QString key = MediaStore::keyOf(url);
        QCOMPARE(key.size(), 64);
        QVERIFY(!key.contains(QStringLiteral("med_abc")));
        QCOMPARE(key, MediaStore::keyOf(url));
        QVERIFY(key != MediaStore::keyOf(url + QLatin1Char('x')));

        QVERIFY(!store.find(key));
        const QByteArray bytes = marked('a', 1000);
        QVERIFY(store.put(
            key, { QStringLiteral("image/gif"), QByteArrayLiteral("\"0123abcd\""), bytes }));
        const std::optional<MediaStore::Medium> found = store.find(key);
        QVERIFY(found);
        QCOMPARE(found->bytes, bytes);
        QCOMPARE(found->contentType, QStringLiteral("image/gif"));
        QCOMPARE(found->etag, QByteArrayLiteral("\"0123abcd\""));
        QCOMPARE(store.totalBytes(), 1000);

        // Replaced under the same key, not stored twice.
        QVERIFY(store.put(key, medium(marked('b', 600))));
        QCOMPARE(store.find(key)->bytes, marked('b', 600));
        QCOMPARE(store.totalBytes(), 600);
    }

    void neverInClearInTheFile()
    {
        QString path;
        std::shared_ptr<Database> database = open(&path);
        QVERIFY(database);
        MediaStore store(database);
        const QByteArray bytes = marked('c', qsizetype(64) * 1024);
        QVERIFY(store.put(
            MediaStore::keyOf(QStringLiteral("https://h.example.com/v1/media/m")), medium(bytes)));
        QCOMPARE(store.totalBytes(), bytes.size());
        store.setDatabase(nullptr);
        database.reset(); // closed: every page written to the file (or its WAL)
        const QByteArray marker = QByteArrayLiteral("TESSERA-MEDIA-MARKER-c");
        int files = 0;
        for (const QString &file : Database::files(path)) {
            QFile onDisk(file);
            if (!onDisk.open(QIODevice::ReadOnly))
                continue;
            ++files;
            const QByteArray content = onDisk.readAll();
            QVERIFY2(!content.contains(marker), qPrintable(file));
            QVERIFY(!content.contains(QByteArrayLiteral("image/png")));
        }
        QVERIFY(files >= 1);
        QVERIFY(QFile(path).size() > bytes.size()); // the bytes are in it, encrypted
    }

    void boundedLeastRecentlyUsedFirst()
    {
        MediaStore store(open(), 1000);
        QCOMPARE(store.maxBytes(), 1000);
        const QString a = MediaStore::keyOf(QStringLiteral("a"));
        const QString b = MediaStore::keyOf(QStringLiteral("b"));
        const QString c = MediaStore::keyOf(QStringLiteral("c"));
        const QString d = MediaStore::keyOf(QStringLiteral("d"));
        QVERIFY(store.put(a, medium(marked('a', 400))));
        QVERIFY(store.put(b, medium(marked('b', 400))));
        QCOMPARE(store.totalBytes(), 800);
        // a is read: b is now the least recently used, and goes when c needs the room.
        QVERIFY(store.find(a));
        QVERIFY(store.put(c, medium(marked('c', 400))));
        QCOMPARE(store.totalBytes(), 800);
        QVERIFY(store.find(a));
        QVERIFY(!store.find(b));
        QVERIFY(store.find(c));
        // Exactly the bound fits; one byte past it takes the oldest (a, then c read after it).
        QVERIFY(store.put(d, medium(marked('d', 200))));
        QCOMPARE(store.totalBytes(), 1000);
        QVERIFY(store.put(b, medium(marked('b', 1))));
        QVERIFY(!store.find(a));
        QVERIFY(store.find(c) && store.find(d) && store.find(b));
        QVERIFY(store.totalBytes() <= 1000);

        // Larger than the whole bound: refused, and nothing else goes for it.
        const qint64 before = store.totalBytes();
        QVERIFY(!store.put(MediaStore::keyOf(QStringLiteral("huge")), medium(marked('h', 1001))));
        QVERIFY(!store.find(MediaStore::keyOf(QStringLiteral("huge"))));
        QCOMPARE(store.totalBytes(), before);
    }

    void nothingWithoutADatabase()
    {
        MediaStore store;
        QVERIFY(!store.hasDatabase());
        QCOMPARE(store.maxBytes(), MediaStore::defaultMaxBytes);
        QVERIFY(!store.put(MediaStore::keyOf(QStringLiteral("x")), medium("x")));
        QVERIFY(!store.find(MediaStore::keyOf(QStringLiteral("x"))));
        QCOMPARE(store.totalBytes(), -1);
    }
};

QTEST_GUILESS_MAIN(TestMediaStore)
#include "tst_mediastore.moc"
