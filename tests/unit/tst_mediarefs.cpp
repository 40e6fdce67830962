// Who may fetch a card's medium, as MediaRefs records it on a real (SQLite) server database: an
// object for people (a notification's recipients, the person who submitted) is split into
// audiences of at most Audience::maxUsers people, and every one of them, the last included, may
// see the medium; nobody else may.
#include "audience/audience.h"
#include "audience/audiencemember.h"
#include "cardtesting.h"
#include "domainsql.h"
#include "media/mediarefs.h"

#include <QJsonDocument>
#include <QTest>

using namespace tessera::server;
using tessera::test::domainCount;
using tessera::test::domainExec;

namespace {

const QString mediaHost = QStringLiteral("tessera.example");
const QString now = QStringLiteral("2026-12-07T03:00:00Z");

// A card showing the image at url.
QJsonObject imageCard(const QString &url)
{
    QByteArray text = tessera::cards::testing::json(
        "{'type':'AdaptiveCard','version':'1.5','body':[{'type':'Image','url':'URL'}]}");
    return QJsonDocument::fromJson(text.replace("URL", url.toUtf8())).object();
}

AudienceMember person(const QString &id)
{
    return AudienceMember { id, QStringLiteral("HR"), QStringLiteral("Pune"),
        QStringLiteral("employee"), {}, false };
}

QStringList peopleNumbered(qsizetype count)
{
    QStringList ids;
    for (qsizetype i = 0; i < count; ++i)
        ids.append(QStringLiteral("E%1").arg(i, 5, 10, QLatin1Char('0')));
    return ids;
}

} // namespace

class TestMediaRefs : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage> m_storage;

    bool visible(const QString &mediaId, const QString &userId)
    {
        QSqlDatabase db = m_storage->connection();
        const std::optional<bool> seen = MediaRefs::visibleTo(db, mediaId, person(userId), now);
        return seen.value_or(false);
    }

private Q_SLOTS:
    void init()
    {
        QString error;
        m_dir = std::make_unique<QTemporaryDir>();
        m_storage = tessera::test::openDomainStorage(*m_dir, &error);
        QVERIFY2(m_storage, qPrintable(error));
        domainExec(*m_storage,
            QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                           " created_at) VALUES ('key_hr', 'hr', 'hash', 'secret', ?)"),
            { now });
        domainExec(*m_storage,
            QStringLiteral("INSERT INTO media (id, api_key_id, sha256, content_type, size, bytes,"
                           " created_at, unreferenced_since) VALUES ('med_chart', 'key_hr', 'ab',"
                           " 'image/png', 3, ?, ?, ?)"),
            { QByteArrayLiteral("png"), now, now });
    }

    void cleanup()
    {
        m_storage.reset();
        m_dir.reset();
    }

    void morePeopleThanOneAudienceHoldsAllSeeTheMedium()
    {
        const MediaRefs refs(mediaHost);
        const QStringList people = peopleNumbered(2 * Audience::maxUsers + 1);
        QSqlDatabase db = m_storage->connection();
        QVERIFY(refs.recordForPeople(db, MediaRefs::notificationKind(), QStringLiteral("ntf_1"),
            QStringLiteral("key_hr"), imageCard(refs.urlOf(QStringLiteral("med_chart"))), people,
            now));

        // Three audiences: the first under the object's id, the next under id#1, id#2.
        QCOMPARE(domainCount(*m_storage,
                     QStringLiteral("SELECT COUNT(*) FROM media_refs WHERE kind = ?"
                                    " AND media_id = 'med_chart'"),
                     { MediaRefs::notificationKind() }),
            3);
        QCOMPARE(domainCount(*m_storage,
                     QStringLiteral("SELECT COUNT(*) FROM media_refs WHERE object_id IN"
                                    " ('ntf_1', 'ntf_1#1', 'ntf_1#2')")),
            3);
        // The medium is referenced now.
        QCOMPARE(domainCount(*m_storage,
                     QStringLiteral("SELECT COUNT(*) FROM media WHERE id = 'med_chart' AND"
                                    " unreferenced_since IS NULL")),
            1);
        // The first, those either side of each split, and the last person see it.
        for (const qsizetype at : { qsizetype(0), Audience::maxUsers - 1, Audience::maxUsers,
                 2 * Audience::maxUsers - 1, 2 * Audience::maxUsers })
            QVERIFY2(
                visible(QStringLiteral("med_chart"), people.at(at)), qPrintable(people.at(at)));
        QVERIFY(!visible(QStringLiteral("med_chart"), QStringLiteral("E99999")));
    }

    void onePersonIsOneAudience()
    {
        const MediaRefs refs(mediaHost);
        QSqlDatabase db = m_storage->connection();
        QVERIFY(refs.recordForPeople(db, MediaRefs::submissionKind(), QStringLiteral("sub_1"),
            QStringLiteral("key_hr"), imageCard(refs.urlOf(QStringLiteral("med_chart"))),
            { QStringLiteral("E1002") }, now));
        QCOMPARE(domainCount(*m_storage, QStringLiteral("SELECT COUNT(*) FROM media_refs")), 1);
        QVERIFY(visible(QStringLiteral("med_chart"), QStringLiteral("E1002")));
        QVERIFY(!visible(QStringLiteral("med_chart"), QStringLiteral("E1001")));
    }

    void aListThatIsNoAudienceRecordsNothing()
    {
        const MediaRefs refs(mediaHost);
        QSqlDatabase db = m_storage->connection();
        QVERIFY(!refs.recordForPeople(db, MediaRefs::submissionKind(), QStringLiteral("sub_2"),
            QStringLiteral("key_hr"), imageCard(refs.urlOf(QStringLiteral("med_chart"))),
            { QStringLiteral(" ") }, now));
        QCOMPARE(domainCount(*m_storage, QStringLiteral("SELECT COUNT(*) FROM media_refs")), 0);
        QVERIFY(!visible(QStringLiteral("med_chart"), QStringLiteral(" ")));
    }
};

QTEST_GUILESS_MAIN(TestMediaRefs)
#include "tst_mediarefs.moc"
