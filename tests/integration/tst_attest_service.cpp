// The attestation's domain service (AttestService) in-process on a temporary SQLite database:
// the admin's form put and read (and its refusals), a person's answer (valid, refused inputs,
// twice the same day, a route's BeforeCommit that refuses), today's answer and the person's kept
// answers across days, each asserted on the typed result, with the rows it leaves.
#include "attest/attestservice.h"
#include "base/clock.h"
#include "cards/formcheck.h"
#include "domainsql.h"
#include "protocol/checkprocess.h"
#include "protocol/wiretime.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace tessera;
using namespace tessera::server;

namespace {

// The start of the tests' day (UTC): far from midnight, so that the real seconds the test runs
// do not end the day.
const QDateTime startAt(QDate(2026, 3, 10), QTime(9, 0), QTimeZone::utc());

QJsonObject choice(const QString &title, const QString &value)
{
    return QJsonObject { { QStringLiteral("title"), title }, { QStringLiteral("value"), value } };
}

// Where I work today (required choice) and a toggle, sent by the action "send".
QJsonObject attestationCard()
{
    const QJsonObject where { { QStringLiteral("type"), QStringLiteral("Input.ChoiceSet") },
        { QStringLiteral("id"), QStringLiteral("where") },
        { QStringLiteral("label"), QStringLiteral("Where I work today") },
        { QStringLiteral("isRequired"), true },
        { QStringLiteral("choices"),
            QJsonArray { choice(QStringLiteral("Office"), QStringLiteral("office")),
                choice(QStringLiteral("Home"), QStringLiteral("home")) } } };
    const QJsonObject healthy { { QStringLiteral("type"), QStringLiteral("Input.Toggle") },
        { QStringLiteral("id"), QStringLiteral("healthy") },
        { QStringLiteral("title"), QStringLiteral("I have no symptoms of illness") } };
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"), QJsonArray { where, healthy } },
        { QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                { QStringLiteral("id"), QStringLiteral("send") },
                { QStringLiteral("title"), QStringLiteral("Send") } } } } };
}

QJsonObject inputsAt(const QString &where)
{
    return QJsonObject { { QStringLiteral("where"), where },
        { QStringLiteral("healthy"), QStringLiteral("true") } };
}

QJsonObject answerBody(const QJsonObject &inputs)
{
    return QJsonObject { { QStringLiteral("inputs"), inputs } };
}

} // namespace

class TestAttestService : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Storage> m_storage;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<FormCheck> m_formCheck;
    std::unique_ptr<AttestService> m_service;

    int count(const QString &statement, const QVariantList &values = {})
    {
        return test::domainCount(*m_storage, statement, values);
    }

    int answersOf(const QString &userId)
    {
        return count(
            QStringLiteral("SELECT COUNT(*) FROM attestations WHERE user_id = ?"), { userId });
    }

    void addPerson(const QString &id)
    {
        const QString now = wiretime::format(m_clock->now());
        test::domainExec(*m_storage,
            QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                           " department, user_type, created_at, updated_at)"
                           " VALUES (?, 'local', ?, ?, ?, 'Legal', 'employee', ?, ?)"),
            { id, id, id, id, now, now });
    }

    // The form put by the admin, its result asserted.
    void putTheForm(int retentionDays)
    {
        const AttestFormResult put =
            m_service->putForm(QJsonObject { { QStringLiteral("card"), attestationCard() },
                                   { QStringLiteral("retentionDays"), retentionDays } },
                QStringLiteral("admin"));
        QCOMPARE(put.outcome, AttestOutcome::Done);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QString error;
        m_storage = test::openDomainStorage(*m_dir, &error);
        QVERIFY2(m_storage, qPrintable(error));
        m_clock = std::make_unique<Clock>(startAt);
        m_formCheck = std::make_unique<FormCheck>(QStringList { QStringLiteral("tessera.test") });
        m_service = std::make_unique<AttestService>(*m_storage, *m_clock, *m_formCheck);
        addPerson(QStringLiteral("ann"));
        addPerson(QStringLiteral("bob"));
    }

    void cleanup()
    {
        m_service.reset();
        m_formCheck.reset();
        m_storage.reset();
        m_clock.reset();
        m_dir.reset();
    }

    void noFormYet()
    {
        QCOMPARE(m_service->form().outcome, AttestOutcome::NoForm);
        const AttestAnswerResult answered = m_service->answer(
            QStringLiteral("ann"), answerBody(inputsAt(QStringLiteral("office"))));
        QCOMPARE(answered.outcome, AttestOutcome::NoForm);
        QCOMPARE(answersOf(QStringLiteral("ann")), 0);

        const AttestTodayResult today = m_service->today(QStringLiteral("ann"));
        QCOMPARE(today.outcome, AttestOutcome::Done);
        QCOMPARE(today.day, QStringLiteral("2026-03-10"));
        QVERIFY(!today.answer);
        const AttestAnswersResult kept = m_service->ofPerson(QStringLiteral("ann"));
        QCOMPARE(kept.outcome, AttestOutcome::Done);
        QVERIFY(kept.answers.isEmpty());
    }

    void putAndReadTheForm()
    {
        const AttestFormResult put =
            m_service->putForm(QJsonObject { { QStringLiteral("card"), attestationCard() },
                                   { QStringLiteral("retentionDays"), 7 } },
                QStringLiteral("admin"));
        QCOMPARE(put.outcome, AttestOutcome::Done);
        QCOMPARE(put.form.card, attestationCard());
        QCOMPARE(put.form.version, 1);
        QCOMPARE(put.form.retentionDays, 7);

        const AttestFormResult read = m_service->form();
        QCOMPARE(read.outcome, AttestOutcome::Done);
        QCOMPARE(read.form.card, attestationCard());
        QCOMPARE(read.form.version, 1);
        QCOMPARE(read.form.retentionDays, 7);

        // Put again without a retention: the next version, the default retention.
        const AttestFormResult again = m_service->putForm(
            QJsonObject { { QStringLiteral("card"), attestationCard() } }, QStringLiteral("admin"));
        QCOMPARE(again.outcome, AttestOutcome::Done);
        QCOMPARE(again.form.version, 2);
        QCOMPARE(again.form.retentionDays, AttestService::defaultRetentionDays);
        QCOMPARE(m_service->form().form.version, 2);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE actor = 'admin' AND"
                                      " action = 'put_attestation_form'")),
            2);
    }

    void putFormRefusals_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("path");
        QJsonObject noInputs = attestationCard();
        noInputs.insert(QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), QStringLiteral("Hello") } } });
        QJsonObject foreignLink = attestationCard();
        foreignLink.insert(QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.OpenUrl") },
                { QStringLiteral("title"), QStringLiteral("Read") },
                { QStringLiteral("url"), QStringLiteral("https://elsewhere.example/x") } } });
        QTest::newRow("unknown field")
            << QJsonObject { { QStringLiteral("card"), attestationCard() },
                   { QStringLiteral("owner"), QStringLiteral("me") } }
            << QStringLiteral("invalid_field") << QStringLiteral("$.owner");
        QTest::newRow("retention of no days") << QJsonObject {
            { QStringLiteral("card"), attestationCard() }, { QStringLiteral("retentionDays"), 0 }
        } << QStringLiteral("invalid_field") << QStringLiteral("$.retentionDays");
        QTest::newRow("retention of a fraction") << QJsonObject {
            { QStringLiteral("card"), attestationCard() }, { QStringLiteral("retentionDays"), 1.5 }
        } << QStringLiteral("invalid_field") << QStringLiteral("$.retentionDays");
        QTest::newRow("no card") << QJsonObject {} << QStringLiteral("invalid_card")
                                 << QStringLiteral("$.card");
        QTest::newRow("a card without inputs")
            << QJsonObject { { QStringLiteral("card"), noInputs } }
            << QStringLiteral("invalid_card") << QStringLiteral("$.card");
        QTest::newRow("a link to a foreign host")
            << QJsonObject { { QStringLiteral("card"), foreignLink } }
            << QStringLiteral("invalid_card") << QStringLiteral("$.card.actions[0].url");
    }

    void putFormRefusals()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, code);
        QFETCH(QString, path);
        const AttestFormResult put = m_service->putForm(body, QStringLiteral("admin"));
        QCOMPARE(put.outcome, AttestOutcome::Invalid);
        QCOMPARE(put.refusal.code, code);
        QCOMPARE(put.refusal.members.value(QStringLiteral("path")).toString(), path);
        QVERIFY(!put.refusal.message.isEmpty());
        // Nothing stored, nothing audited.
        QCOMPARE(m_service->form().outcome, AttestOutcome::NoForm);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_log")), 0);
    }

    void answerOncePerDay()
    {
        putTheForm(30);
        int told = 0;
        AttestAnswerResult seen;
        const AttestAnswerResult first = m_service->answer(QStringLiteral("ann"),
            answerBody(inputsAt(QStringLiteral("office"))), [&](const AttestAnswerResult &result) {
                ++told;
                seen = result;
                return true;
            });
        QCOMPARE(first.outcome, AttestOutcome::Done);
        QVERIFY(first.answer.id.startsWith(QStringLiteral("att_")));
        QCOMPARE(first.answer.day, QStringLiteral("2026-03-10"));
        QCOMPARE(first.answer.inputs, inputsAt(QStringLiteral("office")));
        QCOMPARE(wiretime::parse(first.answer.answeredAt).value().date(), startAt.date());
        // The route's BeforeCommit saw the same result, once, before it committed.
        QCOMPARE(told, 1);
        QCOMPARE(seen.outcome, AttestOutcome::Done);
        QCOMPARE(seen.answer.id, first.answer.id);
        QCOMPARE(answersOf(QStringLiteral("ann")), 1);
        // The day's status claim, until the day's end.
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM user_statuses WHERE user_id = 'ann'"
                                 " AND claim = ? AND value = ? AND until = ?"),
                { pass::CheckProcess::attestationClaim(), pass::CheckProcess::attestationAnswered(),
                    wiretime::format(AttestService::endOf(startAt.date())) }),
            1);

        // Again the same day, other inputs: the first answer, nothing stored, nothing told.
        const AttestAnswerResult second = m_service->answer(QStringLiteral("ann"),
            answerBody(inputsAt(QStringLiteral("home"))), [&](const AttestAnswerResult &) {
                ++told;
                return true;
            });
        QCOMPARE(second.outcome, AttestOutcome::AlreadyAnswered);
        QCOMPARE(second.answer.id, first.answer.id);
        QCOMPARE(second.answer.inputs, inputsAt(QStringLiteral("office")));
        QCOMPARE(second.answer.answeredAt, first.answer.answeredAt);
        QCOMPARE(told, 1);
        QCOMPARE(answersOf(QStringLiteral("ann")), 1);

        const AttestTodayResult today = m_service->today(QStringLiteral("ann"));
        QCOMPARE(today.outcome, AttestOutcome::Done);
        QVERIFY(today.answer);
        QCOMPARE(today.answer->id, first.answer.id);
        QCOMPARE(today.answer->toJson(), first.answer.toJson());
        // Another person has not answered.
        QVERIFY(!m_service->today(QStringLiteral("bob")).answer);
    }

    void answerRefusals_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("member");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("unknown field")
            << QJsonObject { { QStringLiteral("inputs"), inputsAt(QStringLiteral("office")) },
                   { QStringLiteral("day"), QStringLiteral("2026-03-09") } }
            << QStringLiteral("invalid_field") << QStringLiteral("path")
            << QJsonValue(QStringLiteral("$.day"));
        QTest::newRow("inputs not an object")
            << QJsonObject { { QStringLiteral("inputs"), QJsonArray {} } }
            << QStringLiteral("invalid_field") << QStringLiteral("path")
            << QJsonValue(QStringLiteral("$.inputs"));
        QTest::newRow("action not a string")
            << QJsonObject { { QStringLiteral("inputs"), inputsAt(QStringLiteral("office")) },
                   { QStringLiteral("action"), 3 } }
            << QStringLiteral("invalid_field") << QStringLiteral("path")
            << QJsonValue(QStringLiteral("$.action"));
        QTest::newRow("unknown action")
            << QJsonObject { { QStringLiteral("inputs"), inputsAt(QStringLiteral("office")) },
                   { QStringLiteral("action"), QStringLiteral("other") } }
            << QStringLiteral("unknown_action") << QStringLiteral("actions")
            << QJsonValue(QJsonArray { QStringLiteral("send") });
        QTest::newRow("required input missing")
            << answerBody(QJsonObject { { QStringLiteral("healthy"), QStringLiteral("true") } })
            << QStringLiteral("invalid_inputs") << QStringLiteral("errors")
            << QJsonValue(QStringLiteral("where"));
        QTest::newRow("a value not among the choices")
            << answerBody(inputsAt(QStringLiteral("moon"))) << QStringLiteral("invalid_inputs")
            << QStringLiteral("errors") << QJsonValue(QStringLiteral("where"));
    }

    void answerRefusals()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, code);
        QFETCH(QString, member);
        QFETCH(QJsonValue, expected);
        putTheForm(30);
        bool told = false;
        const AttestAnswerResult answered =
            m_service->answer(QStringLiteral("ann"), body, [&](const AttestAnswerResult &) {
                told = true;
                return true;
            });
        QCOMPARE(answered.outcome, AttestOutcome::Invalid);
        QCOMPARE(answered.refusal.code, code);
        QVERIFY(!answered.refusal.message.isEmpty());
        const QJsonValue got = answered.refusal.members.value(member);
        if (member == u"errors") // the first input's error names the input
            QCOMPARE(got.toArray().first().toObject().value(QStringLiteral("input")), expected);
        else
            QCOMPARE(got, expected);
        QVERIFY(!told);
        QCOMPARE(answersOf(QStringLiteral("ann")), 0);
        QVERIFY(!m_service->today(QStringLiteral("ann")).answer);
    }

    void refusedBeforeCommitRollsBack()
    {
        putTheForm(30);
        const AttestAnswerResult refused =
            m_service->answer(QStringLiteral("ann"), answerBody(inputsAt(QStringLiteral("office"))),
                [](const AttestAnswerResult &) { return false; });
        QCOMPARE(refused.outcome, AttestOutcome::Failed);
        QCOMPARE(answersOf(QStringLiteral("ann")), 0);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM user_statuses WHERE user_id = 'ann'")), 0);
        // The day is still open: the next answer is taken.
        QCOMPARE(
            m_service->answer(QStringLiteral("ann"), answerBody(inputsAt(QStringLiteral("home"))))
                .outcome,
            AttestOutcome::Done);
        QCOMPARE(answersOf(QStringLiteral("ann")), 1);
    }

    void answersAcrossDays()
    {
        putTheForm(30);
        const AttestAnswerResult monday = m_service->answer(
            QStringLiteral("ann"), answerBody(inputsAt(QStringLiteral("office"))));
        QCOMPARE(monday.outcome, AttestOutcome::Done);
        QCOMPARE(
            m_service->answer(QStringLiteral("bob"), answerBody(inputsAt(QStringLiteral("home"))))
                .outcome,
            AttestOutcome::Done);

        // The next day: nothing answered yet, a new answer is taken.
        m_clock->setMovedBy(qint64(24) * 3600 * 1000);
        const AttestTodayResult nextDay = m_service->today(QStringLiteral("ann"));
        QCOMPARE(nextDay.outcome, AttestOutcome::Done);
        QCOMPARE(nextDay.day, QStringLiteral("2026-03-11"));
        QVERIFY(!nextDay.answer);
        const AttestAnswerResult tuesday =
            m_service->answer(QStringLiteral("ann"), answerBody(inputsAt(QStringLiteral("home"))));
        QCOMPARE(tuesday.outcome, AttestOutcome::Done);
        QCOMPARE(tuesday.answer.day, QStringLiteral("2026-03-11"));
        QVERIFY(tuesday.answer.id != monday.answer.id);

        // Ann's answers, newest first, and none of Bob's.
        const AttestAnswersResult kept = m_service->ofPerson(QStringLiteral("ann"));
        QCOMPARE(kept.outcome, AttestOutcome::Done);
        QCOMPARE(kept.answers.size(), 2);
        QCOMPARE(kept.answers.at(0).toJson(), tuesday.answer.toJson());
        QCOMPARE(kept.answers.at(1).toJson(), monday.answer.toJson());
        QCOMPARE(m_service->ofPerson(QStringLiteral("bob")).answers.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAttestService)
#include "tst_attest_service.moc"
