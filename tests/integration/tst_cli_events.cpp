// tessera-cli events end to end, against the real server over TLS, with the tokens in the real
// Secret Service and the data in a --data folder: an event a sub-system put for Ben (and one for
// Asha only) is listed as the wire's Event; `rsvp ID going` goes through the outbox and prints the
// server's answer; `event attendees` with the key lists Ben going; `event ics` writes the file;
// after the organizer cancels, `events` shows it cancelled, `rsvp` prints the server's reason
// (exit 1) and `event ics` writes METHOD:CANCEL with a higher SEQUENCE.
// Written without the server's code: the lead adds it to
// tests/integration/CMakeLists.txt as tst_cli_news is (TESSERA_CLI_BINARY, add_dependencies on
// tessera-cli). It assumes the demo key has the events:write scope.
#include "cliinboxfixture.h"

#include <QFile>

using namespace tessera::test;

namespace {

QJsonObject eventBody(const QString &title, const QString &user)
{
    return QJsonObject {
        { QStringLiteral("title"), title },
        { QStringLiteral("description"), QStringLiteral("**Bring** a laptop") },
        { QStringLiteral("start"), QStringLiteral("2030-07-10T10:00:00+02:00") },
        { QStringLiteral("end"), QStringLiteral("2030-07-10T12:00:00+02:00") },
        { QStringLiteral("timeZone"), QStringLiteral("Europe/Berlin") },
        { QStringLiteral("place"),
            QJsonObject { { QStringLiteral("site"), QStringLiteral("Berlin HQ") },
                { QStringLiteral("room"), QStringLiteral("4.01") } } },
        { QStringLiteral("capacity"), 10 },
        { QStringLiteral("audience"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { user } } } },
    };
}

// The event lines of `events --json` (error lines left out).
QList<QJsonObject> events(const QByteArray &output)
{
    QList<QJsonObject> result;
    for (const QJsonObject &object : jsonLines(output))
        if (object.contains(QStringLiteral("id")) && object.contains(QStringLiteral("timeZone")))
            result.append(object);
    return result;
}

} // namespace

class TestCliEvents : public QObject, protected CliInboxFixture
{
    Q_OBJECT

    HttpResult put(const QString &eventId, const QJsonObject &body) const
    {
        return httpRequest("PUT", m_server->url(QStringLiteral("/v1/subsystem/events/") + eventId),
            compactJson(body), bearer(m_apiKey));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(hasKeyringSession(), noKeyringSession);
        QVERIFY2(m_tls.create(), qPrintable(m_tls.error()));
        m_cli.caFile = m_tls.caFile();
        QVERIFY(trustCaByDefault(m_tls.caFile()));
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(m_tls.serverOptions()), qPrintable(m_server->error()));
        m_apiKey = demoApiKey(*m_server).value(QStringLiteral("key")).toString();
        QVERIFY(!m_apiKey.isEmpty());
        m_benData = m_dir.filePath(QStringLiteral("ben"));
        QVERIFY(loginBen(m_benData));
    }

    void listAnswerExportCancel()
    {
        const HttpResult party = put(QStringLiteral("party"),
            eventBody(QStringLiteral("Summer party"), QStringLiteral("E1002")));
        QVERIFY2(party.status == 201, party.body.constData());
        QCOMPARE(put(QStringLiteral("ashas"),
                     eventBody(QStringLiteral("Asha's event"), QStringLiteral("E1001")))
                     .status,
            201);
        const QString id = party.json().value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QStringLiteral("evt_")));

        const RunResult json = cli({ QStringLiteral("events") });
        QVERIFY2(json.exitCode == 0, json.output.constData());
        const QList<QJsonObject> listed = events(json.output);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).value(QStringLiteral("id")).toString(), id);
        QCOMPARE(listed.at(0).value(QStringLiteral("start")).toString(),
            QStringLiteral("2030-07-10T08:00:00Z"));
        QVERIFY(listed.at(0).value(QStringLiteral("myAnswer")).isNull());
        const RunResult text = cli({ QStringLiteral("events") }, {}, false);
        QVERIFY2(text.output.contains("10:00 – 12:00 (Europe/Berlin)"), text.output.constData());
        QVERIFY(!text.output.contains("Asha"));

        const RunResult going =
            cli({ QStringLiteral("rsvp"), id, QStringLiteral("going") }, {}, false);
        QVERIFY2(going.exitCode == 0, going.output.constData());
        QVERIFY2(going.output.contains("Your answer: going."), going.output.constData());
        const RunResult attendees =
            cli({ QStringLiteral("event"), QStringLiteral("attendees"), QStringLiteral("party") },
                { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } });
        QVERIFY2(attendees.exitCode == 0, attendees.output.constData());
        const QJsonObject counts = jsonLines(attendees.output).constLast();
        QCOMPARE(counts.value(QStringLiteral("going")).toInt(), 1);
        QCOMPARE(counts.value(QStringLiteral("attendees"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("userId"))
                     .toString(),
            QStringLiteral("E1002"));

        const QString file = m_dir.filePath(QStringLiteral("party.ics"));
        QCOMPARE(cli({ QStringLiteral("event"), QStringLiteral("ics"), id, file }).exitCode, 0);
        QFile ics(file);
        QVERIFY(ics.open(QIODevice::ReadOnly));
        const QByteArray published = ics.readAll();
        QVERIFY(published.contains("METHOD:PUBLISH\r\n"));
        QVERIFY(published.contains("DTSTART;TZID=Europe/Berlin:20300710T100000\r\n"));
        QVERIFY(published.contains("SEQUENCE:0\r\n"));

        // Cancelled by the organizer: listed cancelled, answers refused with the server's reason,
        // the file says CANCEL with a higher sequence.
        const HttpResult cancel = httpRequest("DELETE",
            m_server->url(QStringLiteral("/v1/subsystem/events/party")), {}, bearer(m_apiKey));
        QCOMPARE(cancel.status, 204);
        const QList<QJsonObject> after = events(cli({ QStringLiteral("events") }).output);
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).value(QStringLiteral("cancelled")).toBool(), true);
        const RunResult refused =
            cli({ QStringLiteral("rsvp"), id, QStringLiteral("no") }, {}, false);
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(cli({ QStringLiteral("event"), QStringLiteral("ics"), id, file }).exitCode, 0);
        ics.close();
        QVERIFY(ics.open(QIODevice::ReadOnly));
        const QByteArray cancelled = ics.readAll();
        QVERIFY(cancelled.contains("METHOD:CANCEL\r\n"));
        QVERIFY(cancelled.contains("STATUS:CANCELLED\r\n"));
        QVERIFY(cancelled.contains("SEQUENCE:1\r\n"));

        QCOMPARE(
            cli({ QStringLiteral("rsvp"), QStringLiteral("evt_nope"), QStringLiteral("going") })
                .exitCode,
            1);
    }
};

QTEST_GUILESS_MAIN(TestCliEvents)
#include "tst_cli_events.moc"
