// tessera-cli surveys end to end, against the real server over TLS, with the tokens in the real
// Secret Service and the data in a --data folder: surveys a sub-system sent (only Ben's audience)
// listed open first; `survey answer` without --set names the inputs, with a wrong value names
// it, then sends a named answer (listed answered with myAnswer after) and an anonymous one (a
// second one refused); `survey results` with the sub-system's key counts them and writes the CSV.
// Written without the server's code (h-surveysclient): the lead adds it to
// tests/integration/CMakeLists.txt as tst_cli_news is (TESSERA_CLI_BINARY, add_dependencies on
// tessera-cli).
#include "cliinboxfixture.h"

#include <QFile>

using namespace tessera::test;

namespace {

QJsonObject surveyCard()
{
    const auto choice = [](const QString &value) {
        return QJsonObject { { QStringLiteral("title"), value },
            { QStringLiteral("value"), value } };
    };
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray {
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.ChoiceSet") },
                    { QStringLiteral("id"), QStringLiteral("mood") },
                    { QStringLiteral("label"), QStringLiteral("How was the week?") },
                    { QStringLiteral("isRequired"), true },
                    { QStringLiteral("choices"),
                        QJsonArray {
                            choice(QStringLiteral("good")), choice(QStringLiteral("bad")) } } },
                QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.Number") },
                    { QStringLiteral("id"), QStringLiteral("score") },
                    { QStringLiteral("label"), QStringLiteral("Score") },
                    { QStringLiteral("min"), 1 }, { QStringLiteral("max"), 10 } } } },
        { QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                { QStringLiteral("title"), QStringLiteral("Send") } } } } };
}

QJsonObject surveyBody(const QString &title, const QString &user, bool anonymous)
{
    return QJsonObject {
        { QStringLiteral("title"), title },
        { QStringLiteral("card"), surveyCard() },
        { QStringLiteral("audience"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { user } } } },
        { QStringLiteral("closesAt"), QStringLiteral("2099-01-01T10:00:00Z") },
        { QStringLiteral("anonymous"), anonymous },
        { QStringLiteral("editable"), false },
    };
}

QList<QJsonObject> surveys(const QByteArray &output)
{
    QList<QJsonObject> result;
    for (const QJsonObject &object : jsonLines(output))
        if (object.contains(QStringLiteral("id")) && object.contains(QStringLiteral("card")))
            result.append(object);
    return result;
}

} // namespace

class TestCliSurveys : public QObject, protected CliInboxFixture
{
    Q_OBJECT

    HttpResult put(const QString &surveyId, const QJsonObject &body) const
    {
        return httpRequest("PUT",
            m_server->url(QStringLiteral("/v1/subsystem/surveys/") + surveyId), compactJson(body),
            bearer(m_apiKey));
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

    void surveysListAnswerAndResults()
    {
        const HttpResult named = put(QStringLiteral("weekly"),
            surveyBody(QStringLiteral("Weekly"), QStringLiteral("E1002"), false));
        QCOMPARE(named.status, 201);
        const HttpResult anonymous = put(QStringLiteral("secret"),
            surveyBody(QStringLiteral("Secret"), QStringLiteral("E1002"), true));
        QCOMPARE(anonymous.status, 201);
        QCOMPARE(put(QStringLiteral("ashas"),
                     surveyBody(QStringLiteral("Asha's"), QStringLiteral("E1001"), false))
                     .status,
            201);
        const QString namedId = named.json().value(QStringLiteral("id")).toString();
        const QString anonymousId = anonymous.json().value(QStringLiteral("id")).toString();

        const RunResult listed = cli({ QStringLiteral("surveys") });
        QVERIFY2(listed.exitCode == 0, listed.output.constData());
        const QList<QJsonObject> list = surveys(listed.output);
        QCOMPARE(list.size(), 2); // not Asha's
        QStringList ids;
        for (const QJsonObject &survey : list)
            ids.append(survey.value(QStringLiteral("id")).toString());
        QVERIFY(ids.contains(namedId) && ids.contains(anonymousId));

        // Without --set: the inputs named, the required one said so; a wrong value named.
        const RunResult bare =
            cli({ QStringLiteral("survey"), QStringLiteral("answer"), namedId }, {}, false);
        QCOMPARE(bare.exitCode, 1);
        QVERIFY2(
            bare.output.contains("mood (How was the week?), required"), bare.output.constData());
        const RunResult wrong = cli({ QStringLiteral("survey"), QStringLiteral("answer"), namedId,
                                        QStringLiteral("--set"), QStringLiteral("mood=great") },
            {}, false);
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.output.contains("mood:"), wrong.output.constData());

        const RunResult sent = cli(
            { QStringLiteral("survey"), QStringLiteral("answer"), namedId, QStringLiteral("--set"),
                QStringLiteral("mood=good"), QStringLiteral("--set"), QStringLiteral("score=7") },
            {}, false);
        QVERIFY2(sent.exitCode == 0, sent.output.constData());
        QVERIFY2(sent.output.contains("Thank you — your answer was sent"), sent.output.constData());
        const RunResult secret =
            cli({ QStringLiteral("survey"), QStringLiteral("answer"), anonymousId,
                    QStringLiteral("--set"), QStringLiteral("mood=bad") },
                {}, false);
        QVERIFY2(secret.exitCode == 0, secret.output.constData());
        const RunResult twice = cli({ QStringLiteral("survey"), QStringLiteral("answer"),
            anonymousId, QStringLiteral("--set"), QStringLiteral("mood=good") });
        QCOMPARE(twice.exitCode, 1);
        QVERIFY2(twice.output.contains("already_answered"), twice.output.constData());

        const QList<QJsonObject> after = surveys(cli({ QStringLiteral("surveys") }).output);
        QCOMPARE(after.size(), 2);
        for (const QJsonObject &survey : after) {
            QVERIFY(survey.value(QStringLiteral("answered")).toBool());
            if (survey.value(QStringLiteral("id")).toString() == namedId)
                QCOMPARE(survey.value(QStringLiteral("myAnswer"))
                             .toObject()
                             .value(QStringLiteral("mood"))
                             .toString(),
                    QStringLiteral("good"));
            else
                QVERIFY(survey.value(QStringLiteral("myAnswer")).isNull());
        }

        // The sender's results with its key, and the CSV export.
        const QString csv = m_dir.filePath(QStringLiteral("weekly.csv"));
        const RunResult results = cli({ QStringLiteral("survey"), QStringLiteral("results"),
                                          QStringLiteral("weekly"), QStringLiteral("--csv"), csv },
            { { QStringLiteral("TESSERA_API_KEY"), m_apiKey } });
        QVERIFY2(results.exitCode == 0, results.output.constData());
        const QList<QJsonObject> lines = jsonLines(results.output);
        QVERIFY(!lines.isEmpty());
        QCOMPARE(lines.constLast().value(QStringLiteral("answered")).toInt(), 1);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY2(text.startsWith("userId,displayName,answeredAt,"), text.constData());
        QVERIFY(text.contains("good"));
    }
};

QTEST_GUILESS_MAIN(TestCliSurveys)
#include "tst_cli_surveys.moc"
