// tessera-cli privacy export FILE end to end, against the real server over TLS with the tokens in
// the real Secret Service: Ben (signed in with the CLI) reads a post addressed to him; the
// export lands in FILE, readable by Ben only, as the server's document of Ben's data (his
// profile, this device, the read); the counts are printed; without a session it says so. And
// tessera-cli devices / devices sign-out ID between two installations of Ben's.
#include "cliinboxfixture.h"

#include <QFile>

using namespace tessera::test;

class TestCliPrivacy : public QObject, protected CliInboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServerAndSignInBen(); }
    void cleanupTestCase() { signOutBen(); }

    void exportWritesBensDataToAFile()
    {
        // Something of Ben's beyond his profile: a post addressed to him, read with the CLI.
        const HttpResult put = putAsSubsystem(QStringLiteral("/v1/subsystem/news/for-ben"),
            QJsonObject { { QStringLiteral("title"), QStringLiteral("For Ben") },
                { QStringLiteral("summary"), QStringLiteral("A post for one") },
                { QStringLiteral("body"), QStringLiteral("Hello.") },
                { QStringLiteral("category"), QStringLiteral("Company") },
                { QStringLiteral("audience"),
                    QJsonObject {
                        { QStringLiteral("users"), QJsonArray { QStringLiteral("E1002") } } } } });
        QCOMPARE(put.status, 201);
        const QString postId = put.json().value(QStringLiteral("id")).toString();
        QVERIFY2(cli({ QStringLiteral("news") }).exitCode == 0, "news sync");
        QCOMPARE(cli({ QStringLiteral("news"), QStringLiteral("read"), postId }).exitCode, 0);

        const QString path = m_dir.filePath(QStringLiteral("ben-export.json"));
        const RunResult text =
            cli({ QStringLiteral("privacy"), QStringLiteral("export"), path }, {}, false);
        QVERIFY2(text.exitCode == 0, text.output.constData());
        QVERIFY2(text.output.contains("Wrote your data to"), text.output.constData());
        QVERIFY2(text.output.contains("news: 1"), text.output.constData());

        QFile file(path);
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
            QFileDevice::Permissions());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(document.value(QStringLiteral("person")).toString(), QStringLiteral("E1002"));
        const QJsonObject sections = document.value(QStringLiteral("sections")).toObject();
        const QJsonArray reads = sections.value(QStringLiteral("news"))
                                     .toObject()
                                     .value(QStringLiteral("news_reads"))
                                     .toArray();
        QCOMPARE(reads.size(), 1);
        QCOMPARE(reads.first().toObject().value(QStringLiteral("post_id")).toString(), postId);
        QCOMPARE(sections.value(QStringLiteral("profile"))
                     .toObject()
                     .value(QStringLiteral("users"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("display_name"))
                     .toString(),
            QStringLiteral("Ben Okafor"));
        QVERIFY(!sections.value(QStringLiteral("devices"))
                     .toObject()
                     .value(QStringLiteral("devices"))
                     .toArray()
                     .isEmpty());

        // --json: the file and the counts.
        const RunResult json = cli({ QStringLiteral("privacy"), QStringLiteral("export"), path });
        QCOMPARE(json.exitCode, 0);
        const QJsonObject line = QJsonDocument::fromJson(json.output.trimmed()).object();
        QCOMPARE(line.value(QStringLiteral("file")).toString(), path);
        QCOMPARE(
            line.value(QStringLiteral("rows")).toObject().value(QStringLiteral("news")).toInt(), 1);
    }

    // devices lists both installations of Ben's; one signs the other out, which then finds
    // itself signed out; an unknown id exits 1.
    void devicesListAndSignOut()
    {
        const QString other = m_dir.filePath(QStringLiteral("ben-other"));
        QVERIFY(loginBen(other));
        const RunResult listed = cli({ QStringLiteral("devices") });
        QVERIFY2(listed.exitCode == 0, listed.output.constData());
        QString current;
        QString otherId;
        for (const QByteArray &line : listed.output.trimmed().split('\n')) {
            const QJsonObject device = QJsonDocument::fromJson(line).object();
            if (!device.value(QStringLiteral("signedIn")).toBool())
                continue;
            (device.value(QStringLiteral("current")).toBool() ? current : otherId) =
                device.value(QStringLiteral("id")).toString();
        }
        QVERIFY2(!current.isEmpty() && !otherId.isEmpty() && current != otherId,
            listed.output.constData());
        const RunResult text = cli({ QStringLiteral("devices") }, {}, false);
        QVERIFY2(text.output.contains(QByteArray(current.toUtf8() + "  "))
                && text.output.contains("(this device)"),
            text.output.constData());

        const RunResult signedOut =
            cli({ QStringLiteral("devices"), QStringLiteral("sign-out"), otherId }, {}, false);
        QVERIFY2(signedOut.exitCode == 0, signedOut.output.constData());
        QVERIFY2(signedOut.output.contains("Signed out"), signedOut.output.constData());
        const RunResult otherWhoami = cli({ QStringLiteral("whoami") }, {}, true, other);
        QVERIFY2(otherWhoami.exitCode != 0, otherWhoami.output.constData());
        QCOMPARE(cli({ QStringLiteral("whoami") }).exitCode, 0);

        const RunResult unknown = cli({ QStringLiteral("devices"), QStringLiteral("sign-out"),
                                          QStringLiteral("nope-nope-1") },
            {}, false);
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.output.contains("no device"), unknown.output.constData());
    }

    void withoutASessionItSaysSo()
    {
        const RunResult result = cli({ QStringLiteral("privacy"), QStringLiteral("export"),
                                         m_dir.filePath(QStringLiteral("nobody.json")) },
            {}, false, m_dir.filePath(QStringLiteral("nobody")));
        QVERIFY(result.exitCode != 0);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("nobody.json"))));
    }
};

QTEST_GUILESS_MAIN(TestCliPrivacy)
#include "tst_cli_privacy.moc"
