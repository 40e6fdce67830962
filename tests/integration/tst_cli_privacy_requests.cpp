// tessera-cli privacy request / privacy requests / account delete end to end, against the real
// server over TLS with the tokens in the real Secret Service: Ben asks for a correction (a second
// open one is refused, a wrong kind is a usage error); Asha, a privacy officer, rejects it with a
// comment; Ben's list shows the state and her words. Ben, an employee, cannot delete his account;
// Mira, a local ID, can, with her password (a wrong one changes nothing).
#include "cliinboxfixture.h"

using namespace tessera::test;

class TestCliPrivacyRequests : public QObject, protected CliInboxFixture
{
    Q_OBJECT

    QString tokenOf(const QString &displayName, const QString &device)
    {
        return signInDemo(*m_server, displayName, testDevice(device))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

private Q_SLOTS:
    void initTestCase() { startServerAndSignInBen(); }
    void cleanupTestCase() { signOutBen(); }

    void requestListedWithItsDecision()
    {
        const QString admin =
            tokenOf(QStringLiteral("Tessera Admin"), QStringLiteral("admin-cli-1"));
        const QString ashaId = demoAccount(*m_server, QStringLiteral("Asha Rao"))
                                   .value(QStringLiteral("userId"))
                                   .toString();
        QCOMPARE(httpRequest("PUT",
                     m_server->url(QStringLiteral("/v1/admin/users/%1/roles").arg(ashaId)),
                     compactJson(QJsonObject {
                         { QStringLiteral("roles"), QJsonArray { QStringLiteral("privacy") } } }),
                     bearer(admin))
                     .status,
            200);

        const RunResult asked = cli(
            { QStringLiteral("privacy"), QStringLiteral("request"), QStringLiteral("correction"),
                QStringLiteral("--comment"), QStringLiteral("My geo is Mumbai now.") },
            {}, false);
        QVERIFY2(asked.exitCode == 0, asked.output.constData());
        QVERIFY2(asked.output.contains("Sent to the privacy officers")
                && asked.output.contains("correction  pending"),
            asked.output.constData());
        const RunResult again = cli(
            { QStringLiteral("privacy"), QStringLiteral("request"), QStringLiteral("correction"),
                QStringLiteral("--comment"), QStringLiteral("Again.") },
            {}, false);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.output.contains("open"), again.output.constData());
        const RunResult wrongKind = cli({ QStringLiteral("privacy"), QStringLiteral("request"),
            QStringLiteral("rename"), QStringLiteral("--comment"), QStringLiteral("x") });
        QVERIFY(wrongKind.exitCode != 0);

        // Asha rejects it in her inbox, with a comment.
        const QString asha = tokenOf(QStringLiteral("Asha Rao"), QStringLiteral("asha-cli-1"));
        QJsonObject item;
        for (const QJsonValue value :
            httpRequest("GET", m_server->url(QStringLiteral("/v1/inbox")), {}, bearer(asha))
                .json()
                .value(QStringLiteral("items"))
                .toArray()) {
            if (value.toObject().value(QStringLiteral("title")).toString()
                == QStringLiteral("Correction request from Ben Okafor"))
                item = value.toObject();
        }
        QCOMPARE(
            item.value(QStringLiteral("body")).toString(), QStringLiteral("My geo is Mumbai now."));
        const HttpResult rejected = httpRequest("POST",
            m_server->url(QStringLiteral("/v1/inbox/%1/decision")
                              .arg(item.value(QStringLiteral("id")).toString())),
            compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("reject") },
                { QStringLiteral("comment"), QStringLiteral("The directory says Pune.") },
                { QStringLiteral("version"), item.value(QStringLiteral("version")).toInt() } }),
            bearer(asha, QByteArrayLiteral("cli-privacy-reject-1")));
        QVERIFY2(rejected.status == 200, rejected.body.constData());

        const RunResult listed = cli({ QStringLiteral("privacy"), QStringLiteral("requests") });
        QVERIFY2(listed.exitCode == 0, listed.output.constData());
        const QJsonObject line = QJsonDocument::fromJson(listed.output.trimmed()).object();
        QCOMPARE(line.value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
        QCOMPARE(line.value(QStringLiteral("decisionComment")).toString(),
            QStringLiteral("The directory says Pune."));
        const RunResult text =
            cli({ QStringLiteral("privacy"), QStringLiteral("requests") }, {}, false);
        QVERIFY2(
            text.output.contains("rejected") && text.output.contains("The directory says Pune."),
            text.output.constData());
    }

    void employeeCannotDeleteTheAccount()
    {
        const RunResult refused = cli({ QStringLiteral("account"), QStringLiteral("delete") },
            { { QStringLiteral("TESSERA_PASSWORD"),
                demoAccount(*m_server, QStringLiteral("Ben Okafor"))
                    .value(QStringLiteral("password"))
                    .toString() } },
            false);
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(cli({ QStringLiteral("whoami") }).exitCode, 0);
    }

    void localIdDeletesItsAccount()
    {
        const QString mira = m_dir.filePath(QStringLiteral("mira"));
        QVERIFY(m_cli.login(mira, *m_server, QStringLiteral("Mira Nurse")));
        const RunResult wrong = cli({ QStringLiteral("account"), QStringLiteral("delete") },
            { { QStringLiteral("TESSERA_PASSWORD"), QStringLiteral("not-her-password") } }, false,
            mira);
        QCOMPARE(wrong.exitCode, 1);
        QCOMPARE(cli({ QStringLiteral("whoami") }, {}, true, mira).exitCode, 0);

        const RunResult deleted = cli({ QStringLiteral("account"), QStringLiteral("delete") },
            { { QStringLiteral("TESSERA_PASSWORD"),
                demoAccount(*m_server, QStringLiteral("Mira Nurse"))
                    .value(QStringLiteral("password"))
                    .toString() } },
            false, mira);
        QVERIFY2(deleted.exitCode == 0, deleted.output.constData());
        QVERIFY2(deleted.output.contains("deleted"), deleted.output.constData());
        QVERIFY(cli({ QStringLiteral("whoami") }, {}, true, mira).exitCode != 0);
    }
};

QTEST_GUILESS_MAIN(TestCliPrivacyRequests)
#include "tst_cli_privacy_requests.moc"
