// tessera-cli attest end to end, against the real server over TLS, with the tokens in the real
// Secret Service and the data in a --data folder: a value the form does not take is refused here
// (nothing sent); with the server stopped the answer waits in the encrypted outbox (a second
// attest while still down queues nothing more); once the server is back the next attest sends
// that answer, exactly once, with its key; a later answer that day is answered with the first;
// attest --show prints the day's answer.
#include "cliinboxfixture.h"

#include <QUuid>

using namespace tessera::test;

namespace {

QJsonObject attestationCard()
{
    return QJsonDocument::fromJson(R"({"type":"AdaptiveCard","version":"1.5","body":[
        {"type":"Input.ChoiceSet","id":"where","label":"Where I work today","isRequired":true,
         "choices":[{"title":"Office","value":"office"},{"title":"Home","value":"home"}]},
        {"type":"Input.Toggle","id":"healthy","title":"I have no symptoms of illness"}],
        "actions":[{"type":"Action.Submit","id":"send","title":"Send"}]})")
        .object();
}

} // namespace

class TestCliAttest : public QObject, protected CliInboxFixture
{
    Q_OBJECT

    QString m_admin;

    QJsonArray kept() const
    {
        const QString ben = signInDemo(
            *m_server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("ben-check-device")))
                                .value(QStringLiteral("accessToken"))
                                .toString();
        const HttpResult list =
            httpRequest("GET", m_server->url(QStringLiteral("/v1/attestations")), {}, bearer(ben));
        if (list.status != 200)
            qWarning() << "GET /v1/attestations:" << list.status << list.body << list.error;
        return list.json().value(QStringLiteral("attestations")).toArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        startServerAndSignInBen();
        m_admin = signInDemo(
            *m_server, QStringLiteral("Tessera Admin"), testDevice(QStringLiteral("admin-desk")))
                      .value(QStringLiteral("accessToken"))
                      .toString();
        QVERIFY(!m_admin.isEmpty());
    }

    void cleanupTestCase() { signOutBen(); }

    void answerOfflineArrivesOnce()
    {
        const QStringList office { QStringLiteral("attest"), QStringLiteral("--set"),
            QStringLiteral("where=office"), QStringLiteral("--set"),
            QStringLiteral("healthy=true") };
        // No form yet.
        const RunResult none = cli(office);
        QCOMPARE(none.exitCode, 1);
        QCOMPARE(errorCode(none.output), QStringLiteral("no_form"));
        const HttpResult put =
            httpRequest("PUT", m_server->url(QStringLiteral("/v1/admin/attestations/form")),
                compactJson(QJsonObject { { QStringLiteral("card"), attestationCard() } }),
                bearer(m_admin));
        QVERIFY2(put.status == 200, put.body.constData());

        // Checked here as the server checks it: nothing queued, nothing sent.
        const RunResult moon = cli(
            { QStringLiteral("attest"), QStringLiteral("--set"), QStringLiteral("where=moon") });
        QCOMPARE(moon.exitCode, 1);
        QCOMPARE(errorCode(moon.output), QStringLiteral("invalid_inputs"));
        QVERIFY2(moon.output.contains("where"), moon.output.constData());
        QCOMPARE(cli({ QStringLiteral("attest") }).exitCode, 2);
        QCOMPARE(kept().size(), 0);

        // The server is down: the answer waits on this device; again, still the one.
        const QString dataDir = m_server->dataDir();
        QVERIFY(m_server->stop().has_value());
        const RunResult offline = cli(office);
        QCOMPARE(offline.exitCode, 1);
        QCOMPARE(lastJson(offline.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("queued"));
        const qint64 seq = lastJson(offline.output).value(QStringLiteral("outboxSeq")).toInteger();
        const RunResult stillOffline = cli(
            { QStringLiteral("attest"), QStringLiteral("--set"), QStringLiteral("where=home") });
        QCOMPARE(stillOffline.exitCode, 1);
        QCOMPARE(lastJson(stillOffline.output).value(QStringLiteral("outboxSeq")).toInteger(), seq);

        // Back: the waiting answer (office) is the one sent, once.
        const std::unique_ptr<ServerProcess> stopped = std::move(m_server);
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(m_tls.serverOptions(dataDir)), qPrintable(m_server->error()));
        const RunResult sent = cli(
            { QStringLiteral("attest"), QStringLiteral("--set"), QStringLiteral("where=home") });
        QVERIFY2(sent.exitCode == 0, sent.output.constData());
        const QJsonObject result = lastJson(sent.output);
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("answered"));
        QCOMPARE(result.value(QStringLiteral("outboxSeq")).toInteger(), seq);
        const QJsonObject inputs = result.value(QStringLiteral("attestation"))
                                       .toObject()
                                       .value(QStringLiteral("inputs"))
                                       .toObject();
        QCOMPARE(inputs.value(QStringLiteral("where")).toString(), QStringLiteral("office"));
        QCOMPARE(kept().size(), 1);

        // Another answer the same day: the first one stands, nothing more stored.
        const RunResult again =
            cli({ QStringLiteral("attest"), QStringLiteral("--set"), QStringLiteral("where=home") },
                {}, false);
        QVERIFY2(again.exitCode == 0, again.output.constData());
        QVERIFY2(again.output.contains("already"), again.output.constData());
        QCOMPARE(kept().size(), 1);
        QCOMPARE(kept()
                     .first()
                     .toObject()
                     .value(QStringLiteral("inputs"))
                     .toObject()
                     .value(QStringLiteral("where"))
                     .toString(),
            QStringLiteral("office"));

        const RunResult shown = cli({ QStringLiteral("attest"), QStringLiteral("--show") });
        QVERIFY2(shown.exitCode == 0, shown.output.constData());
        const QJsonObject today = lastJson(shown.output);
        QCOMPARE(today.value(QStringLiteral("attestation"))
                     .toObject()
                     .value(QStringLiteral("inputs"))
                     .toObject()
                     .value(QStringLiteral("where"))
                     .toString(),
            QStringLiteral("office"));
        QCOMPARE(today.value(QStringLiteral("pending")), QJsonValue(false));
    }
};

QTEST_GUILESS_MAIN(TestCliAttest)
#include "tst_cli_attest.moc"
