// The main job's parts (scripts/run-demo.sh): tessera-demo-directory starts a real slapd with
// AD-style people and writes the server's directory settings; tessera-server --demo with them
// seeds local IDs for the non-employees and lists the directory's people as "ad" accounts that
// sign in through the directory.
#include "childprocess.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::test;

class TestDemo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void directoryAccountsSignInThroughTheDirectory()
    {
        QTemporaryDir data;
        QVERIFY(data.isValid());
        ChildProcess directory;
        QVERIFY2(directory.start(QStringLiteral(TESSERA_DEMO_DIRECTORY_BINARY),
                     { QStringLiteral("--data"), data.path() }),
            qPrintable(directory.error()));
        QVERIFY2(
            directory
                .waitForLine(QRegularExpression(QStringLiteral("Demo directory ready: (\\S+)")),
                    std::chrono::seconds(60))
                .has_value(),
            directory.output().constData());
        // The settings and the passwords are for the owner only.
        for (const QString &name :
            { QStringLiteral("directory-config.json"), QStringLiteral("directory-password"),
                QStringLiteral("demo-directory-accounts.json") }) {
            const QFileInfo info(QDir(data.path()).filePath(name));
            QVERIFY2(info.exists(), qPrintable(name));
            QCOMPARE(info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                QFileDevice::Permissions());
        }

        ServerProcess server;
        ServerProcess::Options options;
        options.dataDir = data.path();
        options.extraArguments = { QStringLiteral("--config"),
            QDir(data.path()).filePath(QStringLiteral("directory-config.json")) };
        QVERIFY2(server.start(options), qPrintable(server.error()));

        const QJsonArray accounts =
            server.demoAccounts().value(QStringLiteral("accounts")).toArray();
        QStringList directoryPeople;
        QJsonObject asha;
        int local = 0;
        for (const auto &value : accounts) {
            const QJsonObject account = value.toObject();
            if (account.value(QStringLiteral("kind")).toString() == QStringLiteral("ad"))
                directoryPeople.append(account.value(QStringLiteral("username")).toString());
            else
                ++local;
            if (account.value(QStringLiteral("username")).toString() == QStringLiteral("asha.rao"))
                asha = account;
        }
        QVERIFY(directoryPeople.contains(QStringLiteral("asha.rao")));
        QVERIFY(directoryPeople.contains(QStringLiteral("ben.okafor")));
        QCOMPARE(local, 3); // admin, scanner, nurse: no local employees beside the directory

        const HttpResult signedIn = httpRequest("POST",
            server.url(QStringLiteral("/v1/auth/login")),
            QJsonDocument(
                QJsonObject { { QStringLiteral("kind"), QStringLiteral("ad") },
                    { QStringLiteral("username"), QStringLiteral("asha.rao") },
                    { QStringLiteral("password"), asha.value(QStringLiteral("password")) },
                    { QStringLiteral("device"),
                        QJsonObject { { QStringLiteral("id"), QStringLiteral("demo-test-device") },
                            { QStringLiteral("platform"), QStringLiteral("linux") },
                            { QStringLiteral("osVersion"), QStringLiteral("Debian 12") },
                            { QStringLiteral("model"), QStringLiteral("Desktop") },
                            { QStringLiteral("appVersion"), QStringLiteral("1.0.0") } } } })
                .toJson(QJsonDocument::Compact));
        QCOMPARE(signedIn.status, 200);
        const QJsonObject user = signedIn.json().value(QStringLiteral("user")).toObject();
        QCOMPARE(user.value(QStringLiteral("kind")).toString(), QStringLiteral("ad"));
        QCOMPARE(user.value(QStringLiteral("id")).toString(), QStringLiteral("E1001"));
        QCOMPARE(user.value(QStringLiteral("department")).toString(), QStringLiteral("Operations"));

        // Directory people can be notified before their first sign-in.
        const QJsonObject key =
            server.demoAccounts().value(QStringLiteral("apiKeys")).toArray().first().toObject();
        const HttpResult notified =
            httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
                QJsonDocument(QJsonObject { { QStringLiteral("recipients"),
                                                QJsonObject { { QStringLiteral("users"),
                                                    QJsonArray { QStringLiteral("E1002") } } } },
                                  { QStringLiteral("title"), QStringLiteral("Welcome") },
                                  { QStringLiteral("body"), QStringLiteral("Hello Ben") },
                                  { QStringLiteral("category"), QStringLiteral("news") },
                                  { QStringLiteral("reference"), QStringLiteral("W-1") } })
                    .toJson(QJsonDocument::Compact),
                { { QByteArrayLiteral("Authorization"),
                      "Bearer " + key.value(QStringLiteral("key")).toString().toLatin1() },
                    { QByteArrayLiteral("Idempotency-Key"), QByteArrayLiteral("demo-welcome") } });
        QCOMPARE(notified.status, 201);

        // The directory's people are synced at start: Finance (Chen; Dana is disabled) is known
        // by its department although nobody of it signed in (the seeder stores no department).
        HttpResult finance;
        QDeadlineTimer deadline(20000);
        for (int attempt = 1; finance.status != 201 && !deadline.hasExpired(); ++attempt) {
            if (attempt > 1)
                QTest::qWait(100);
            finance = httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
                QJsonDocument(QJsonObject { { QStringLiteral("recipients"),
                                                QJsonObject { { QStringLiteral("departments"),
                                                    QJsonArray { QStringLiteral("Finance") } } } },
                                  { QStringLiteral("title"), QStringLiteral("Audit") },
                                  { QStringLiteral("body"), QStringLiteral("Books close Friday") },
                                  { QStringLiteral("category"), QStringLiteral("news") },
                                  { QStringLiteral("reference"), QStringLiteral("F-1") } })
                    .toJson(QJsonDocument::Compact),
                { { QByteArrayLiteral("Authorization"),
                      "Bearer " + key.value(QStringLiteral("key")).toString().toLatin1() },
                    { QByteArrayLiteral("Idempotency-Key"),
                        "demo-finance-" + QByteArray::number(attempt) } });
        }
        QCOMPARE(finance.status, 201);
        QCOMPARE(finance.json().value(QStringLiteral("recipientCount")).toInt(), 1);

        QCOMPARE(server.stop(), std::optional<int>(0));
        QCOMPARE(directory.stop(), std::optional<int>(0));
        QVERIFY(directory.output().contains("stopping"));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
