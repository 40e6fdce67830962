// tessera-cli's inbox commands end to end, against the real server over TLS (a throwaway CA),
// with the tokens in the real Secret Service (scripts/with-keyring.sh) and the data in a --data
// folder: notify as a sub-system, inbox with its filters, decide (confirmed, refused locally,
// already decided elsewhere), and a decision made while the server is down that a later run
// sends with the same key: applied once, one webhook.
#include "childprocess.h"
#include "serverprocess.h"
#include "testca.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::test;

namespace {

QList<QJsonObject> jsonLines(const QByteArray &output)
{
    QList<QJsonObject> objects;
    const QList<QByteArray> lines = output.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith('{'))
            objects.append(QJsonDocument::fromJson(line).object());
    }
    return objects;
}

QJsonObject lastJson(const QByteArray &output)
{
    const QList<QJsonObject> objects = jsonLines(output);
    return objects.isEmpty() ? QJsonObject() : objects.constLast();
}

QString errorCode(const QByteArray &output)
{
    return lastJson(output)
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("code"))
        .toString();
}

// The item lines of `inbox --json` (error lines left out).
QList<QJsonObject> items(const QByteArray &output)
{
    QList<QJsonObject> result;
    const QList<QJsonObject> objects = jsonLines(output);
    for (const QJsonObject &object : objects) {
        if (object.contains(QStringLiteral("id")) && object.contains(QStringLiteral("state")))
            result.append(object);
    }
    return result;
}

} // namespace

class TestCliInbox : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    TestCertificateAuthority m_ca;
    std::optional<IssuedCertificate> m_certificate;
    std::unique_ptr<ServerProcess> m_server;
    WebhookReceiver m_receiver;
    QString m_benData;
    QString m_apiKey;

    ServerProcess::Options serverOptions(const QString &dataDir = {}) const
    {
        ServerProcess::Options options;
        options.dataDir = dataDir;
        options.config = QJsonObject { { QStringLiteral("tls"),
            QJsonObject { { QStringLiteral("certificate"), m_certificate->certificateFile },
                { QStringLiteral("key"), m_certificate->keyFile } } } };
        return options;
    }

    RunResult cli(
        const QStringList &arguments, const QMap<QString, QString> &env = {}, bool json = true)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : { "TESSERA_SERVER", "TESSERA_PASSWORD", "TESSERA_CA_FILE",
                 "TESSERA_PIN", "TESSERA_DATA_DIR", "TESSERA_API_KEY" })
            environment.remove(QString::fromLatin1(name));
        environment.insert(QStringLiteral("TESSERA_SERVER"), m_server->url().toString());
        environment.insert(QStringLiteral("TESSERA_CA_FILE"), m_ca.caFile());
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            environment.insert(it.key(), it.value());
        QStringList all;
        if (json)
            all << QStringLiteral("--json");
        all << QStringLiteral("--data") << m_benData << arguments;
        return runProgram(
            QStringLiteral(TESSERA_CLI_BINARY), all, std::chrono::seconds(120), {}, environment);
    }

    QJsonObject account(const QString &displayName) const
    {
        const QJsonArray accounts =
            m_server->demoAccounts().value(QStringLiteral("accounts")).toArray();
        for (const QJsonValue &value : accounts) {
            if (value.toObject().value(QStringLiteral("displayName")).toString() == displayName)
                return value.toObject();
        }
        return {};
    }

    QString notify(const QStringList &to, const QString &title)
    {
        QStringList arguments { QStringLiteral("notify"), QStringLiteral("--title"), title,
            QStringLiteral("--body"), QStringLiteral("Please decide."), QStringLiteral("--action"),
            QStringLiteral("approve:Approve"), QStringLiteral("--action"),
            QStringLiteral("reject:Reject:comment"), QStringLiteral("--callback"),
            QString::fromLatin1(m_receiver.url()) };
        for (const QString &user : to)
            arguments << QStringLiteral("--to") << user;
        const RunResult sent = cli(arguments, { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } });
        if (sent.exitCode != 0)
            qWarning("notify: %s", sent.output.constData());
        return lastJson(sent.output).value(QStringLiteral("id")).toString();
    }

    int deliveriesFor(const QString &id) const
    {
        int count = 0;
        for (const WebhookReceiver::Delivery &delivery : m_receiver.deliveries()) {
            count += QJsonDocument::fromJson(delivery.body)
                         .object()
                         .value(QStringLiteral("notificationId"))
                         .toString()
                == id;
        }
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty(),
            "no D-Bus session: run the tests through scripts/with-keyring.sh");
        QVERIFY2(m_ca.create(), qPrintable(m_ca.error()));
        m_certificate = m_ca.issueServerCertificate(QStringLiteral("server"));
        QVERIFY2(m_certificate, qPrintable(m_ca.error()));
        // The test's own requests (a sub-system, another device) trust the throwaway CA too.
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        QVERIFY(tls.addCaCertificates(m_ca.caFile()));
        QSslConfiguration::setDefaultConfiguration(tls);
        QVERIFY(m_receiver.listen());
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(serverOptions()), qPrintable(m_server->error()));
        m_apiKey = m_server->demoAccounts()
                       .value(QStringLiteral("apiKeys"))
                       .toArray()
                       .first()
                       .toObject()
                       .value(QStringLiteral("key"))
                       .toString();
        QVERIFY(!m_apiKey.isEmpty());
        m_benData = m_dir.filePath(QStringLiteral("ben"));
        const QJsonObject ben = account(QStringLiteral("Ben Okafor"));
        const RunResult login =
            cli({ QStringLiteral("login"), QStringLiteral("--kind"), QStringLiteral("local"),
                    QStringLiteral("--user"), ben.value(QStringLiteral("username")).toString() },
                { { QStringLiteral("TESSERA_PASSWORD"),
                    ben.value(QStringLiteral("password")).toString() } });
        QVERIFY2(login.exitCode == 0, login.output.constData());
    }

    void notifyChecksItsUsageAndIsIdempotent()
    {
        QCOMPARE(cli({ QStringLiteral("notify"), QStringLiteral("--to"), QStringLiteral("E1002"),
                         QStringLiteral("--title"), QStringLiteral("T"), QStringLiteral("--body"),
                         QStringLiteral("B") })
                     .exitCode,
            2); // no key
        QCOMPARE(cli({ QStringLiteral("notify"), QStringLiteral("--title"), QStringLiteral("T"),
                         QStringLiteral("--body"), QStringLiteral("B") },
                     { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } })
                     .exitCode,
            2); // nobody
        QCOMPARE(
            cli({ QStringLiteral("notify"), QStringLiteral("--to"), QStringLiteral("E1002"),
                    QStringLiteral("--title"), QStringLiteral("T"), QStringLiteral("--body"),
                    QStringLiteral("B"), QStringLiteral("--action"), QStringLiteral("approve") },
                { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } })
                .exitCode,
            2); // an action without a label
        const QStringList arguments { QStringLiteral("notify"), QStringLiteral("--key"), m_apiKey,
            QStringLiteral("--to"), QStringLiteral("E1002"), QStringLiteral("--title"),
            QStringLiteral("Office move"), QStringLiteral("--body"),
            QStringLiteral("We move on Monday."), QStringLiteral("--category"),
            QStringLiteral("facilities"), QStringLiteral("--idempotency-key"),
            QStringLiteral("cli-test-move") };
        const RunResult first = cli(arguments);
        QVERIFY2(first.exitCode == 0, first.output.constData());
        const QJsonObject created = lastJson(first.output);
        QVERIFY(created.value(QStringLiteral("id")).toString().startsWith(QStringLiteral("ntf_")));
        QCOMPARE(created.value(QStringLiteral("recipientCount")).toInt(), 1);
        const RunResult again = cli(arguments);
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(lastJson(again.output).value(QStringLiteral("id")),
            created.value(QStringLiteral("id")));
        // A wrong key: the server refuses (exit 1).
        QCOMPARE(
            cli({ QStringLiteral("notify"), QStringLiteral("--key"), QStringLiteral("tsk_wrong"),
                    QStringLiteral("--to"), QStringLiteral("E1002"), QStringLiteral("--title"),
                    QStringLiteral("T"), QStringLiteral("--body"), QStringLiteral("B") })
                .exitCode,
            1);
        // Human text.
        const RunResult human = cli(
            { QStringLiteral("notify"), QStringLiteral("--key"), m_apiKey, QStringLiteral("--to"),
                QStringLiteral("E1001"), QStringLiteral("--title"), QStringLiteral("Hello"),
                QStringLiteral("--body"), QStringLiteral("Asha only") },
            {}, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains(" to 1 person."), human.output.constData());
    }

    void inboxListsAndFilters()
    {
        const QString request =
            notify({ QStringLiteral("E1002") }, QStringLiteral("Laptop refresh"));
        QVERIFY(!request.isEmpty());
        const RunResult all = cli({ QStringLiteral("inbox") });
        QVERIFY2(all.exitCode == 0, all.output.constData());
        const QList<QJsonObject> listed = items(all.output);
        QCOMPARE(listed.size(), 2); // the office move and the laptop refresh, newest first
        QCOMPARE(listed.first().value(QStringLiteral("id")).toString(), request);
        QCOMPARE(
            listed.first().value(QStringLiteral("state")).toString(), QStringLiteral("unread"));
        QCOMPARE(listed.first().value(QStringLiteral("pending")).toBool(), false);
        QCOMPARE(listed.first().value(QStringLiteral("actions")).toArray().size(), 2);
        QCOMPARE(listed.last().value(QStringLiteral("category")).toString(),
            QStringLiteral("facilities"));

        const RunResult needsAction =
            cli({ QStringLiteral("inbox"), QStringLiteral("--needs-action") });
        QCOMPARE(needsAction.exitCode, 0);
        QCOMPARE(items(needsAction.output).size(), 1);
        QCOMPARE(
            items(cli({ QStringLiteral("inbox"), QStringLiteral("--unread") }).output).size(), 2);

        const RunResult human = cli({ QStringLiteral("inbox") }, {}, false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains("Laptop refresh"), human.output.constData());
        QVERIFY2(
            human.output.contains("Actions: approve (Approve); reject (Reject, needs --comment)"),
            human.output.constData());
        QCOMPARE(cli({ QStringLiteral("inbox"), QStringLiteral("extra") }).exitCode, 2);
    }

    void decideConfirmedRefusedAndConflicted()
    {
        const QString request =
            notify({ QStringLiteral("E1002") }, QStringLiteral("Conference trip"));
        QVERIFY(!request.isEmpty());
        // Usage: the action needs a comment; an unknown action; a missing action.
        const RunResult noComment =
            cli({ QStringLiteral("decide"), request, QStringLiteral("reject") });
        QCOMPARE(noComment.exitCode, 2);
        QCOMPARE(errorCode(noComment.output), QStringLiteral("comment_required"));
        QCOMPARE(
            cli({ QStringLiteral("decide"), request, QStringLiteral("escalate") }).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("decide"), request }).exitCode, 2);

        const RunResult approved =
            cli({ QStringLiteral("decide"), request, QStringLiteral("approve") });
        QVERIFY2(approved.exitCode == 0, approved.output.constData());
        const QJsonObject answer = lastJson(approved.output);
        QCOMPARE(answer.value(QStringLiteral("status")).toString(), QStringLiteral("confirmed"));
        QCOMPARE(answer.value(QStringLiteral("item"))
                     .toObject()
                     .value(QStringLiteral("state"))
                     .toString(),
            QStringLiteral("approved"));
        // The CLI signs in as platform "cli": the decision says it came from there.
        QCOMPARE(answer.value(QStringLiteral("item"))
                     .toObject()
                     .value(QStringLiteral("decidedVia"))
                     .toString(),
            QStringLiteral("cli"));
        QTRY_COMPARE_WITH_TIMEOUT(deliveriesFor(request), 1, 30000);

        // Asha approves a shared request on her phone first; Ben's decide shows who and when.
        const QString shared = notify(
            { QStringLiteral("E1001"), QStringLiteral("E1002") }, QStringLiteral("Team offsite"));
        const QJsonObject asha = account(QStringLiteral("Asha Rao"));
        const HttpResult login =
            httpRequest("POST", m_server->url(QStringLiteral("/v1/auth/login")),
                QJsonDocument(
                    QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                        { QStringLiteral("username"), asha.value(QStringLiteral("username")) },
                        { QStringLiteral("password"), asha.value(QStringLiteral("password")) },
                        { QStringLiteral("device"),
                            QJsonObject { { QStringLiteral("id"), QStringLiteral("asha-phone") },
                                { QStringLiteral("platform"), QStringLiteral("android") },
                                { QStringLiteral("osVersion"), QStringLiteral("14") },
                                { QStringLiteral("model"), QStringLiteral("Pixel 8") },
                                { QStringLiteral("appVersion"), QStringLiteral("1.0.0") } } } })
                    .toJson(QJsonDocument::Compact));
        const QByteArray token =
            login.json().value(QStringLiteral("accessToken")).toString().toLatin1();
        const HttpResult first =
            httpRequest("POST", m_server->url(QStringLiteral("/v1/inbox/%1/decision").arg(shared)),
                QByteArrayLiteral("{\"action\":\"approve\",\"version\":1}"),
                { { QByteArrayLiteral("Authorization"), "Bearer " + token },
                    { QByteArrayLiteral("Idempotency-Key"), QByteArrayLiteral("asha-offsite") } });
        QCOMPARE(first.status, 200);
        const RunResult late = cli({ QStringLiteral("decide"), shared, QStringLiteral("reject"),
            QStringLiteral("--comment"), QStringLiteral("Too expensive") });
        QCOMPARE(late.exitCode, 1);
        const QString message = lastJson(late.output)
                                    .value(QStringLiteral("error"))
                                    .toObject()
                                    .value(QStringLiteral("message"))
                                    .toString();
        QVERIFY2(message.startsWith(QStringLiteral("Already approved by Asha Rao on Pixel 8 at ")),
            qPrintable(message));
    }

    void decisionWhileTheServerIsDownIsSentOnceLater()
    {
        const QString request = notify({ QStringLiteral("E1002") }, QStringLiteral("New monitor"));
        QCOMPARE(cli({ QStringLiteral("inbox") }).exitCode, 0); // now in the cache
        const QString dataDir = m_server->dataDir();
        QVERIFY(m_server->stop().has_value());

        const RunResult offline =
            cli({ QStringLiteral("decide"), request, QStringLiteral("approve") });
        QCOMPARE(offline.exitCode, 1);
        QCOMPARE(lastJson(offline.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("queued"));
        // Again while still down: the same decision, still queued (not a second one).
        const RunResult stillOffline =
            cli({ QStringLiteral("decide"), request, QStringLiteral("approve") });
        QCOMPARE(stillOffline.exitCode, 1);
        QCOMPARE(lastJson(stillOffline.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("queued"));
        const RunResult other = cli({ QStringLiteral("decide"), request, QStringLiteral("reject"),
            QStringLiteral("--comment"), QStringLiteral("changed my mind") });
        QCOMPARE(other.exitCode, 1);
        QCOMPARE(errorCode(other.output), QStringLiteral("decision_pending"));
        const RunResult cached = cli({ QStringLiteral("inbox") });
        QCOMPARE(cached.exitCode, 1); // could not sync: the cache is shown
        bool shownPending = false;
        for (const QJsonObject &item : items(cached.output)) {
            if (item.value(QStringLiteral("id")).toString() == request)
                shownPending = item.value(QStringLiteral("pending")).toBool();
        }
        QVERIFY(shownPending);

        // The stopped server keeps its (temporary) data folder for the one coming back.
        const std::unique_ptr<ServerProcess> stopped = std::move(m_server);
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(serverOptions(dataDir)), qPrintable(m_server->error()));
        const RunResult sent =
            cli({ QStringLiteral("decide"), request, QStringLiteral("approve") });
        QVERIFY2(sent.exitCode == 0, sent.output.constData());
        QCOMPARE(lastJson(sent.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("confirmed"));
        QTRY_COMPARE_WITH_TIMEOUT(deliveriesFor(request), 1, 30000);
        QTest::qWait(2500);
        QCOMPARE(deliveriesFor(request), 1);
        const RunResult after = cli({ QStringLiteral("inbox") });
        QCOMPARE(after.exitCode, 0);
        for (const QJsonObject &item : items(after.output)) {
            if (item.value(QStringLiteral("id")).toString() == request) {
                QCOMPARE(
                    item.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
                QCOMPARE(item.value(QStringLiteral("pending")).toBool(), false);
            }
        }
    }

    void cleanupTestCase()
    {
        if (m_server && m_server->isRunning())
            cli({ QStringLiteral("logout") });
    }
};

QTEST_GUILESS_MAIN(TestCliInbox)
#include "tst_cli_inbox.moc"
