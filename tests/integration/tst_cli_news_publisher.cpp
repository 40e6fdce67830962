// tessera-cli news post / stats / withdraw end to end, against the real server over
// TLS with the tokens in the real Secret Service: the demo's admin, who holds the publisher role,
// publishes a post for Ben from a body file (Ben's `news` lists it, from the admin), reads its
// counts after Ben read it, and withdraws it (Ben's news drops it; a second withdraw is 404);
// Ben, without the role, is told so in words and nothing is published; a refused post names the
// field's JSON path; a post without an audience is a usage error.
#include "cliinboxfixture.h"

#include <QFile>

using namespace tessera::test;

class TestCliNewsPublisher : public QObject, protected CliInboxFixture
{
    Q_OBJECT

    QString m_adminData;

    RunResult admin(const QStringList &arguments, bool json = true)
    {
        return cli(arguments, {}, json, m_adminData);
    }

private Q_SLOTS:
    void initTestCase()
    {
        startServerAndSignInBen();
        m_adminData = m_dir.filePath(QStringLiteral("admin"));
        QVERIFY(m_cli.login(m_adminData, *m_server, QStringLiteral("Tessera Admin")));
    }

    void cleanupTestCase()
    {
        if (m_server && m_server->isRunning())
            admin({ QStringLiteral("logout") });
        signOutBen();
    }

    void withoutTheRoleInWords()
    {
        const QStringList post { QStringLiteral("news"), QStringLiteral("post"),
            QStringLiteral("bens"), QStringLiteral("--title"), QStringLiteral("Ben's news"),
            QStringLiteral("--everyone") };
        const RunResult text = cli(post, {}, false);
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(
            text.output.contains("You do not have the publisher role"), text.output.constData());
        const RunResult json = cli(post);
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(errorCode(json.output), QStringLiteral("forbidden"));
        const RunResult stats = cli(
            { QStringLiteral("news"), QStringLiteral("stats"), QStringLiteral("bens") }, {}, false);
        QCOMPARE(stats.exitCode, 1);
        QVERIFY(stats.output.contains("You do not have the publisher role"));
        // Nothing was published: Ben's news has no such post.
        const QList<QJsonObject> listed = posts(cli({ QStringLiteral("news") }).output);
        for (const QJsonObject &each : listed)
            QVERIFY(each.value(QStringLiteral("title")).toString() != QStringLiteral("Ben's news"));
    }

    void postStatsWithdraw()
    {
        const QString bodyFile = m_dir.filePath(QStringLiteral("townhall.md"));
        {
            QFile file(bodyFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("- **Where**: the canteen\n- When: Friday");
        }
        const RunResult posted =
            admin({ QStringLiteral("news"), QStringLiteral("post"), QStringLiteral("townhall"),
                QStringLiteral("--title"), QStringLiteral("Town hall"), QStringLiteral("--summary"),
                QStringLiteral("All hands on Friday"), QStringLiteral("--body-file"), bodyFile,
                QStringLiteral("--category"), QStringLiteral("Company"), QStringLiteral("--pinned"),
                QStringLiteral("--audience-json"), QStringLiteral("{\"users\":[\"E1002\"]}") });
        QVERIFY2(posted.exitCode == 0, posted.output.constData());
        const QJsonObject answer = lastJson(posted.output);
        const QString id = answer.value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QStringLiteral("news_")));
        QCOMPARE(answer.value(QStringLiteral("state")).toString(), QStringLiteral("published"));
        QCOMPARE(answer.value(QStringLiteral("version")).toInt(), 1);

        // Ben's news has it, pinned, from the admin, with the file's body.
        const QList<QJsonObject> listed = posts(cli({ QStringLiteral("news") }).output);
        const auto found = std::find_if(listed.cbegin(), listed.cend(),
            [&id](const QJsonObject &post) { return post.value(QStringLiteral("id")) == id; });
        QVERIFY(found != listed.cend());
        QCOMPARE(found->value(QStringLiteral("title")).toString(), QStringLiteral("Town hall"));
        QCOMPARE(found->value(QStringLiteral("pinned")).toBool(), true);
        QCOMPARE(found->value(QStringLiteral("body")).toString(),
            QStringLiteral("- **Where**: the canteen\n- When: Friday"));
        QCOMPARE(found->value(QStringLiteral("source"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Tessera Admin"));

        // Replaced: version 2, as text.
        const RunResult replaced = admin(
            { QStringLiteral("news"), QStringLiteral("post"), QStringLiteral("townhall"),
                QStringLiteral("--title"), QStringLiteral("Town hall moved"),
                QStringLiteral("--audience-json"), QStringLiteral("{\"users\":[\"E1002\"]}") },
            false);
        QVERIFY2(replaced.exitCode == 0, replaced.output.constData());
        QVERIFY2(replaced.output.contains(
                     QByteArray("Published townhall (" + id.toUtf8() + ", version 2)")),
            replaced.output.constData());

        // Counts: one person, then one reader once Ben read it.
        const RunResult unread =
            admin({ QStringLiteral("news"), QStringLiteral("stats"), QStringLiteral("townhall") });
        QVERIFY2(unread.exitCode == 0, unread.output.constData());
        QCOMPARE(lastJson(unread.output),
            (QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("audience"), 1 },
                { QStringLiteral("read"), 0 } }));
        QCOMPARE(cli({ QStringLiteral("news"), QStringLiteral("read"), id }).exitCode, 0);
        const RunResult read = admin(
            { QStringLiteral("news"), QStringLiteral("stats"), QStringLiteral("townhall") }, false);
        QCOMPARE(read.exitCode, 0);
        QVERIFY2(
            read.output.contains("townhall: delivered to 1, read by 1"), read.output.constData());

        // A refused post: exit 1 with the field's path; the post stays as it was.
        const RunResult refused =
            admin({ QStringLiteral("news"), QStringLiteral("post"), QStringLiteral("townhall"),
                      QStringLiteral("--title"), QStringLiteral("<b>Town hall</b>"),
                      QStringLiteral("--everyone") },
                false);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.output.contains("$.title: "), refused.output.constData());
        // No audience: a usage error before anything is sent.
        QCOMPARE(admin({ QStringLiteral("news"), QStringLiteral("post"), QStringLiteral("townhall"),
                           QStringLiteral("--title"), QStringLiteral("No audience") })
                     .exitCode,
            2);
        const QList<QJsonObject> still = posts(cli({ QStringLiteral("news") }).output);
        QVERIFY(std::any_of(still.cbegin(), still.cend(), [&id](const QJsonObject &post) {
            return post.value(QStringLiteral("id")) == id
                && post.value(QStringLiteral("title")) == QStringLiteral("Town hall moved");
        }));

        // Withdrawn: gone from Ben's news; a second withdraw is not found.
        const RunResult withdrawn = admin(
            { QStringLiteral("news"), QStringLiteral("withdraw"), QStringLiteral("townhall") },
            false);
        QVERIFY2(withdrawn.exitCode == 0, withdrawn.output.constData());
        QVERIFY(withdrawn.output.contains("Withdrew townhall"));
        const RunResult again = admin(
            { QStringLiteral("news"), QStringLiteral("withdraw"), QStringLiteral("townhall") });
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(errorCode(again.output), QStringLiteral("not_found"));
        const QList<QJsonObject> after = posts(cli({ QStringLiteral("news") }).output);
        QVERIFY(std::none_of(after.cbegin(), after.cend(),
            [&id](const QJsonObject &post) { return post.value(QStringLiteral("id")) == id; }));
    }
};

QTEST_GUILESS_MAIN(TestCliNewsPublisher)
#include "tst_cli_news_publisher.moc"
