// The app's card media cache against the real server over TLS: a medium of a card for Ben is
// fetched with his session's token, kept in his SQLCipher database and served from there once the
// card is gone (the server would refuse it then); a medium of a card for someone else is never
// fetched (404), and a URL of another host is never requested at all.
#include "inboxserverfixture.h"
#include "media/mediacache.h"
#include "services/clientschema.h"

using namespace tessera;
using namespace tessera::test;

namespace {

QByteArray pngBytes(const QByteArray &payload)
{
    return QByteArrayLiteral("\x89PNG\r\n\x1a\n") + payload;
}

QJsonObject imageCard(const QString &url)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Image") },
                { QStringLiteral("url"), url } } } } };
}

template<typename T>
T waitFor(const QFuture<T> &future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, kTimeout))
        return T {};
    return future.result();
}

} // namespace

class TestMediaCache : public QObject, protected InboxServerFixture
{
    Q_OBJECT

    // The medium's url after the demo key uploaded bytes.
    static QString upload(const ServerProcess &server, const QByteArray &bytes)
    {
        auto headers = bearer(apiKey(server));
        headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("image/png") });
        const HttpResult uploaded =
            httpRequest("POST", server.url(QStringLiteral("/v1/subsystem/media")), bytes, headers);
        if (uploaded.status != 201)
            qWarning("upload answered %d: %s", uploaded.status, uploaded.body.constData());
        return uploaded.json().value(QStringLiteral("url")).toString();
    }

    static int putCard(
        const ServerProcess &server, const QString &cardId, const QString &url, const QString &user)
    {
        const QJsonObject body { { QStringLiteral("card"), imageCard(url) },
            { QStringLiteral("audience"),
                QJsonObject { { QStringLiteral("users"), QJsonArray { user } } } } };
        return httpRequest("PUT", server.url(QStringLiteral("/v1/subsystem/cards/") + cardId),
            compactJson(body), bearer(apiKey(server)))
            .status;
    }

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void fetchedForTheAudienceAndKept()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QByteArray forBen = pngBytes("Ben's leave chart");
        const QByteArray forAsha = pngBytes("Asha's leave chart");
        const QString bensUrl = upload(server, forBen);
        const QString ashasUrl = upload(server, forAsha);
        QVERIFY(!bensUrl.isEmpty() && !ashasUrl.isEmpty());
        QCOMPARE(
            putCard(server, QStringLiteral("chart.E1002"), bensUrl, QStringLiteral("E1002")), 201);
        QCOMPARE(
            putCard(server, QStringLiteral("chart.E1001"), ashasUrl, QStringLiteral("E1001")), 201);

        QString error;
        const auto endpoint = ServerEndpoint::parse(
            server.url().toString(), ServerEndpoint::PlainHttp::Refuse, &error);
        QVERIFY2(endpoint, qPrintable(error));
        TlsPolicy tls;
        tls.addCaCertificates(*TlsPolicy::readCaFile(m_ca.caFile(), &error));
        ApiClient client(*endpoint, tls);
        client.setTimeout(std::chrono::seconds(5));
        MemorySecretStore secrets;
        const QString databasePath = newDatabasePath();
        Session::Options options { databasePath, QStringLiteral("ben-phone"), {} };
        options.schema = clientSchema();
        Session session(client, secrets, m_deviceInfo, options);
        MediaCache cache(session.api(), session.scope(), *endpoint);
        QVERIFY(!cache.store().hasDatabase());

        const QJsonObject ben = demoAccount(server, QStringLiteral("Ben Okafor"));
        QSignalSpy finished(&session, &Session::finished);
        session.signIn(QStringLiteral("local"), ben.value(QStringLiteral("username")).toString(),
            ben.value(QStringLiteral("password")).toString());
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kTimeout));
        QCOMPARE(session.state(), Session::State::SignedIn);
        QVERIFY(cache.store().hasDatabase());

        // Only media of the server the session talks to.
        QCOMPARE(cache.ownMediaPath(bensUrl), QUrl(bensUrl).path());
        QVERIFY(
            cache.ownMediaPath(QStringLiteral("https://other.example.com") + QUrl(bensUrl).path())
                .isEmpty());
        QVERIFY(cache.ownMediaPath(bensUrl + QStringLiteral("?x=1")).isEmpty());
        QVERIFY(cache
                    .ownMediaPath(
                        QStringLiteral("http://") + QUrl(bensUrl).host() + QUrl(bensUrl).path())
                    .isEmpty());

        // Ben's medium: fetched, with its type and ETag, and kept.
        const std::optional<MediaStore::Medium> fetched = waitFor(cache.fetch(bensUrl));
        QVERIFY(fetched);
        QCOMPARE(fetched->bytes, forBen);
        QCOMPARE(fetched->contentType, QStringLiteral("image/png"));
        QVERIFY(fetched->etag.size() == 66);
        const std::optional<MediaStore::Medium> kept =
            cache.store().find(MediaStore::keyOf(bensUrl));
        QVERIFY(kept);
        QCOMPARE(kept->bytes, forBen);

        // Asha's: the server answers 404 to Ben; nothing kept. Another host: never asked.
        QVERIFY(!waitFor(cache.fetch(ashasUrl)));
        QVERIFY(!cache.store().find(MediaStore::keyOf(ashasUrl)));
        QVERIFY(!waitFor(cache.fetch(QStringLiteral("https://other.example.com/v1/media/med_x"))));

        // The card is gone (the server would answer 404 now): the copy is still shown.
        QCOMPARE(
            httpRequest("DELETE", server.url(QStringLiteral("/v1/subsystem/cards/chart.E1002")), {},
                bearer(apiKey(server)))
                .status,
            204);
        const std::optional<MediaStore::Medium> again = waitFor(cache.fetch(bensUrl));
        QVERIFY(again);
        QCOMPARE(again->bytes, forBen);

        // Signed out: the cache lets go of the database (which the sign-out deletes).
        session.signOut();
        QTRY_VERIFY_WITH_TIMEOUT(!cache.store().hasDatabase(), kTimeout);
    }
};

QTEST_GUILESS_MAIN(TestMediaCache)
#include "tst_mediacache.moc"
