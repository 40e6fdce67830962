// The surveys' cache, answer outbox and list model on real SQLCipher files, without a server:
// pages (removed, skipped, the cursor), the list's order, an answer checked by core's validator
// before it is queued, the request a named answer makes (with its Idempotency-Key) and an
// anonymous one (without), what each answer of the server does (delivered, 409 already_answered
// on an anonymous survey = delivered, closed / 404 / 422 final with the reason kept, 5xx and
// offline again later), and the queue surviving a restart.
#include "inboxfixture.h"
#include "protocol/wiretime.h"
#include "surveys/surveyansweroutbox.h"
#include "surveys/surveysmodel.h"
#include "surveys/surveystore.h"
#include "surveys/surveysync.h"
#include "surveysfixture.h"

#include <QFile>

using namespace tessera;
using namespace tessera::test;

namespace {

const QString kLater = QStringLiteral("2099-01-01T10:00:00Z");
const QString kLatest = QStringLiteral("2099-06-01T10:00:00Z");
const QString kPast = QStringLiteral("2020-01-01T10:00:00Z");

class SurveyPages : public SurveySync
{
public:
    using SurveySync::applyPage;
    using SurveySync::SurveySync;
};

QJsonObject page(const QJsonArray &surveys, const QJsonArray &removed = {})
{
    return QJsonObject { { QStringLiteral("surveys"), surveys },
        { QStringLiteral("removed"), removed }, { QStringLiteral("cursor"), QString() },
        { QStringLiteral("more"), false } };
}

QJsonObject goodAnswer()
{
    return QJsonObject { { QStringLiteral("mood"), QStringLiteral("good") },
        { QStringLiteral("score"), QStringLiteral("8") },
        { QStringLiteral("comment"), QStringLiteral("Fine") } };
}

ApiReply httpError(int status, const QString &code, const QJsonObject &body = {})
{
    ApiReply reply;
    reply.kind = ApiReply::Kind::HttpError;
    reply.httpStatus = status;
    reply.error = ApiError { code, QStringLiteral("refused (%1)").arg(code) };
    reply.body = body;
    return reply;
}

ApiReply delivered(const QString &id)
{
    ApiReply reply;
    reply.kind = ApiReply::Kind::Ok;
    reply.httpStatus = 200;
    reply.body = QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("answered"), true } };
    return reply;
}

QStringList idsOf(const SurveysModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.surveyIdAt(row));
    return ids;
}

} // namespace

class TestSurveysStoreModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    std::shared_ptr<Database> open(const QString &path, const QByteArray &key)
    {
        DatabaseOpenResult opened = Database::open(path, key, surveysSchema());
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }
    std::shared_ptr<Database> newDatabase()
    {
        return open(
            m_dir.filePath(QStringLiteral("surveys-%1.db").arg(++m_files)), Database::newKey());
    }

private Q_SLOTS:
    void pagesRemovedAndSkipped()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("pages-session.db")));
        SurveyStore store(newDatabase());
        SurveyPages sync(signedOut.session.api(), signedOut.session.scope(), store);
        store.setDatabase(newDatabase()); // the signed-out session has none
        QString problem;
        QVERIFY2(sync.applyPage(page({ wireSurvey(QStringLiteral("srv_a"), kLater),
                                    wireSurvey(QStringLiteral("srv_b"), kLatest, true) }),
                     QStringLiteral("4"), &problem),
            qPrintable(problem));
        QCOMPARE(store.surveys().size(), 2);
        QCOMPARE(store.cursor(), QStringLiteral("4"));
        QVERIFY(store.survey(QStringLiteral("srv_b"))->anonymous);

        // A survey Survey refuses is skipped and its older copy goes; removed ids go.
        QJsonObject broken = wireSurvey(QStringLiteral("srv_b"), kLatest);
        broken.insert(QStringLiteral("card"), QJsonObject { { QStringLiteral("x"), 1 } });
        QVERIFY(sync.applyPage(page({ broken, wireSurvey(QStringLiteral("srv_c"), kLater) },
                                   { QStringLiteral("srv_a") }),
            QStringLiteral("6"), &problem));
        QCOMPARE(store.surveys().size(), 1);
        QCOMPARE(store.surveys().constFirst().id, QStringLiteral("srv_c"));
        QCOMPARE(store.cursor(), QStringLiteral("6"));

        // Not a page of the contract: nothing changes.
        QVERIFY(!sync.applyPage(QJsonObject { { QStringLiteral("posts"), QJsonArray {} } },
            QStringLiteral("7"), &problem));
        QVERIFY(!sync.applyPage(page({}, { 5 }), QStringLiteral("7"), &problem));
        QVERIFY(!sync.applyPage(page({}), QStringLiteral("x7"), &problem));
        QCOMPARE(store.cursor(), QStringLiteral("6"));
    }

    // The server's reset (docs/DELTA_SYNC.md): every survey is kept but marked stale, the pages
    // from 0 list again those the person still sees, and the sweep deletes the rest.
    void resetSweepsWhatNoPageListed()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("reset-session.db")));
        SurveyStore store(newDatabase());
        SurveyPages sync(signedOut.session.api(), signedOut.session.scope(), store);
        store.setDatabase(newDatabase());
        QString problem;
        QVERIFY2(sync.applyPage(page({ wireSurvey(QStringLiteral("srv_pune"), kLater),
                                    wireSurvey(QStringLiteral("srv_all"), kLatest) }),
                     QStringLiteral("4"), &problem),
            qPrintable(problem));
        QVERIFY(store.beginReset(QStringLiteral("42")));
        QCOMPARE(store.surveys().size(), 2); // still shown until the sweep
        QVERIFY(sync.applyPage(page({ wireSurvey(QStringLiteral("srv_all"), kLatest) }),
            QStringLiteral("50"), &problem));
        QVERIFY(store.finishReset());
        QCOMPARE(store.surveys().size(), 1);
        QCOMPARE(store.surveys().constFirst().id, QStringLiteral("srv_all"));
        QCOMPARE(store.honouredReset(), QStringLiteral("42"));
    }

    // Open and unanswered first (closing soonest first), then answered or waiting to be sent,
    // then closed (the latest closed first); openCount counts the first group.
    void listOrderAndRoles()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("order-session.db")));
        SurveyStore store(newDatabase());
        SurveyAnswerOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);
        SurveysModel model(store, &outbox);
        QAbstractItemModelTester tester(&model);
        QVERIFY(store.applyDelta(
            { survey(wireSurvey(QStringLiteral("srv_late"), kLatest)),
                survey(wireSurvey(QStringLiteral("srv_soon"), kLater, true)),
                survey(wireSurvey(QStringLiteral("srv_done"), kLater, false, false, true)),
                survey(wireSurvey(QStringLiteral("srv_over"), kPast)),
                survey(
                    wireSurvey(QStringLiteral("srv_shut"), kLatest, false, false, false, true)) },
            {}, QStringLiteral("3")));
        QCOMPARE(idsOf(model),
            (QStringList { QStringLiteral("srv_soon"), QStringLiteral("srv_late"),
                QStringLiteral("srv_done"), QStringLiteral("srv_shut"),
                QStringLiteral("srv_over") }));
        QCOMPARE(model.openCount(), 2);
        const QModelIndex soon = model.index(0);
        QCOMPARE(soon.data(SurveysModel::AnonymousRole).toBool(), true);
        QCOMPARE(soon.data(SurveysModel::CanAnswerRole).toBool(), true);
        QCOMPARE(soon.data(SurveysModel::PendingRole).toBool(), false);
        QCOMPARE(model.index(2).data(SurveysModel::AnsweredRole).toBool(), true);
        QCOMPARE(model.index(2).data(SurveysModel::CanAnswerRole).toBool(), false);
        QCOMPARE(model.index(3).data(SurveysModel::ClosedRole).toBool(), true);
        QCOMPARE(model.index(4).data(SurveysModel::ClosedRole).toBool(), true); // past closesAt

        // An answer waiting to be sent moves the survey to the answered group.
        QSignalSpy open(&model, &SurveysModel::openCountChanged);
        const QVariantMap queued =
            model.answer(QStringLiteral("srv_soon"), goodAnswer().toVariantMap());
        QVERIFY2(queued.value(QStringLiteral("queued")).toBool(),
            qPrintable(queued.value(QStringLiteral("message")).toString()));
        QCOMPARE(model.openCount(), 1);
        QCOMPARE(open.size(), 1);
        QCOMPARE(model.surveyIdAt(0), QStringLiteral("srv_late"));
        const int row = model.rowOf(QStringLiteral("srv_soon"));
        QCOMPARE(model.index(row).data(SurveysModel::PendingRole).toBool(), true);
        QCOMPARE(model.index(row).data(SurveysModel::CanAnswerRole).toBool(), false);
        QVariantMap page = model.survey(QStringLiteral("srv_soon"));
        QCOMPARE(page.value(QStringLiteral("pending")).toBool(), true);
        QVERIFY(page.value(QStringLiteral("card")).toString().contains(u"Input.ChoiceSet"));
        QCOMPARE(page.value(QStringLiteral("anonymous")).toBool(), true);
        QVERIFY(model.survey(QStringLiteral("srv_nope")).isEmpty());
    }

    // A survey that closes while the list keeps its order changes in place: the list is read
    // again at its closing time and only its row is shown again, now closed (no reset; the one
    // closed before stays below it, latest closed first).
    void closingSurveyChangesInPlace()
    {
        SurveyStore store(newDatabase());
        SurveysModel model(store);
        QAbstractItemModelTester tester(&model);
        const QString soon = wiretime::format(QDateTime::currentDateTimeUtc().addSecs(2));
        QVERIFY(store.applyDelta({ survey(wireSurvey(QStringLiteral("srv_soon"), soon)),
                                     survey(wireSurvey(QStringLiteral("srv_over"), kPast)) },
            {}, QStringLiteral("1")));
        QCOMPARE(
            idsOf(model), (QStringList { QStringLiteral("srv_soon"), QStringLiteral("srv_over") }));
        QCOMPARE(model.openCount(), 1);
        QCOMPARE(model.index(0).data(SurveysModel::ClosedRole).toBool(), false);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QTRY_COMPARE_WITH_TIMEOUT(model.openCount(), 0, 5000);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 0);
        QCOMPARE(model.index(0).data(SurveysModel::ClosedRole).toBool(), true);
        QCOMPARE(model.index(0).data(SurveysModel::CanAnswerRole).toBool(), false);
    }

    // core's validator runs before anything is queued: each wrong input named; a closed survey
    // or one answered already (not editable) is refused.
    void checksBeforeQueueing()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("check-session.db")));
        SurveyStore store(newDatabase());
        SurveyAnswerOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);
        QVERIFY(store.applyDelta(
            { survey(wireSurvey(QStringLiteral("srv_a"), kLater)),
                survey(wireSurvey(QStringLiteral("srv_old"), kPast)),
                survey(wireSurvey(QStringLiteral("srv_done"), kLater, false, false, true)),
                survey(wireSurvey(QStringLiteral("srv_edit"), kLater, false, true, true)) },
            {}, QStringLiteral("1")));
        SurveyAnswerOutbox::SubmitResult result = outbox.submit(QStringLiteral("srv_a"),
            QJsonObject { { QStringLiteral("mood"), QStringLiteral("great") },
                { QStringLiteral("score"), QStringLiteral("11") },
                { QStringLiteral("other"), QStringLiteral("x") } });
        QVERIFY(!result.queued());
        QStringList named;
        for (const cards::InputError &error : result.errors)
            named.append(error.inputId);
        QCOMPARE(named,
            (QStringList {
                QStringLiteral("mood"), QStringLiteral("score"), QStringLiteral("other") }));
        result = outbox.submit(QStringLiteral("srv_a"), QJsonObject {});
        QCOMPARE(result.errors.size(), 1); // mood is required
        QCOMPARE(result.errors.constFirst().inputId, QStringLiteral("mood"));

        result = outbox.submit(QStringLiteral("srv_old"), goodAnswer());
        QVERIFY(!result.queued() && result.refusal);
        QCOMPARE(result.refusal->code, QStringLiteral("survey_closed"));
        result = outbox.submit(QStringLiteral("srv_done"), goodAnswer());
        QCOMPARE(result.refusal->code, QStringLiteral("already_answered"));
        result = outbox.submit(QStringLiteral("srv_unknown"), goodAnswer());
        QCOMPARE(result.refusal->code, QStringLiteral("not_found"));
        QCOMPARE(outbox.pendingCount(), 0);
        QVERIFY(store.answers().isEmpty());

        // Editable and answered: a new answer may go; numbers may be numbers.
        QJsonObject numbers = goodAnswer();
        numbers.insert(QStringLiteral("score"), 3);
        QVERIFY(outbox.submit(QStringLiteral("srv_edit"), numbers).queued());
        QCOMPARE(outbox.pendingCount(), 1);
    }

    // A named answer goes with an Idempotency-Key (the same on every attempt); an anonymous one
    // without, and no key is stored for it.
    void requestsNamedWithKeyAnonymousWithout()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("req-session.db")));
        SurveyStore store(newDatabase());
        SurveyAnswerOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);
        QVERIFY(store.applyDelta({ survey(wireSurvey(QStringLiteral("srv_named"), kLater)),
                                     survey(wireSurvey(QStringLiteral("srv_anon"), kLater, true)) },
            {}, QStringLiteral("1")));
        const auto named = outbox.submit(QStringLiteral("srv_named"), goodAnswer());
        const auto anonymous = outbox.submit(QStringLiteral("srv_anon"), goodAnswer());
        QVERIFY(named.queued() && anonymous.queued());
        // A second answer while the first waits would be refused once the first arrives.
        const auto again = outbox.submit(QStringLiteral("srv_anon"), goodAnswer());
        QVERIFY(!again.queued() && again.refusal);
        QCOMPARE(again.refusal->code, QStringLiteral("answer_pending"));

        const SurveyAnswer namedRow = *store.answer(*named.seq);
        const SurveyAnswerOutbox::Request namedRequest = SurveyAnswerOutbox::request(namedRow);
        QCOMPARE(namedRequest.path, QStringLiteral("/v1/surveys/srv_named/answer"));
        QCOMPARE(namedRequest.body, (QJsonObject { { QStringLiteral("inputs"), goodAnswer() } }));
        QVERIFY(namedRequest.idempotencyKey.size() >= 16);
        QCOMPARE(namedRequest.idempotencyKey, namedRow.idempotencyKey.toLatin1());

        const SurveyAnswer anonymousRow = *store.answer(*anonymous.seq);
        QVERIFY(anonymousRow.anonymous);
        QVERIFY(anonymousRow.idempotencyKey.isEmpty());
        const SurveyAnswerOutbox::Request anonymousRequest =
            SurveyAnswerOutbox::request(anonymousRow);
        QCOMPARE(anonymousRequest.path, QStringLiteral("/v1/surveys/srv_anon/answer"));
        QVERIFY(anonymousRequest.idempotencyKey.isEmpty());
        QCOMPARE(anonymousRequest.body.keys(), QStringList { QStringLiteral("inputs") });

        // A retry (5xx, offline) keeps the key and the answer; it waits with a next attempt.
        QCOMPARE(outbox.applyReply(namedRow, httpError(503, QStringLiteral("unavailable"))),
            SurveyAnswerOutbox::Outcome::Retry);
        ApiReply offline;
        offline.kind = ApiReply::Kind::NetworkError;
        QCOMPARE(outbox.applyReply(anonymousRow, offline), SurveyAnswerOutbox::Outcome::Retry);
        const SurveyAnswer retried = *store.answer(*named.seq);
        QCOMPARE(retried.idempotencyKey, namedRow.idempotencyKey);
        QCOMPARE(retried.attempts, 1);
        QVERIFY(retried.isPending() && retried.nextAttemptAt.isValid());
        QCOMPARE(SurveyAnswerOutbox::request(retried).idempotencyKey, namedRequest.idempotencyKey);
        QCOMPARE(outbox.pendingCount(), 2);
        QVERIFY(store.makeAnswersDue());
        QVERIFY(!store.answer(*named.seq)->nextAttemptAt.isValid());
    }

    // Delivered: the row goes, the survey is answered here (the named answer kept as myAnswer,
    // the anonymous one not at all). 409 already_answered on an anonymous survey is the outbox's
    // own earlier attempt: delivered; on a named survey it is final.
    void deliveredAndAnonymousReplay()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("done-session.db")));
        SurveyStore store(newDatabase());
        SurveyAnswerOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);
        SurveysModel model(store, &outbox);
        QVERIFY(store.applyDelta({ survey(wireSurvey(QStringLiteral("srv_named"), kLater)),
                                     survey(wireSurvey(QStringLiteral("srv_anon"), kLater, true)),
                                     survey(wireSurvey(QStringLiteral("srv_twice"), kLater)) },
            {}, QStringLiteral("1")));
        const auto named = outbox.submit(QStringLiteral("srv_named"), goodAnswer());
        const auto anonymous = outbox.submit(QStringLiteral("srv_anon"), goodAnswer());
        const auto twice = outbox.submit(QStringLiteral("srv_twice"), goodAnswer());
        QSignalSpy deliveredSpy(&outbox, &SurveyAnswerOutbox::answerDelivered);

        QCOMPARE(
            outbox.applyReply(*store.answer(*named.seq), delivered(QStringLiteral("srv_named"))),
            SurveyAnswerOutbox::Outcome::Delivered);
        QVERIFY(!store.answer(*named.seq));
        QVERIFY(store.survey(QStringLiteral("srv_named"))->answered);
        QCOMPARE(store.survey(QStringLiteral("srv_named"))->myAnswer, goodAnswer());

        QCOMPARE(outbox.applyReply(*store.answer(*anonymous.seq),
                     httpError(409, QStringLiteral("already_answered"))),
            SurveyAnswerOutbox::Outcome::Delivered);
        QVERIFY(!store.answer(*anonymous.seq));
        QVERIFY(store.survey(QStringLiteral("srv_anon"))->answered);
        QVERIFY(store.survey(QStringLiteral("srv_anon"))->myAnswer.isEmpty());
        QCOMPARE(deliveredSpy.size(), 2);

        QCOMPARE(outbox.applyReply(
                     *store.answer(*twice.seq), httpError(409, QStringLiteral("already_answered"))),
            SurveyAnswerOutbox::Outcome::Final);
        const SurveyAnswer refused = *store.answer(*twice.seq);
        QCOMPARE(refused.state, QStringLiteral("failed"));
        QCOMPARE(refused.reason, QStringLiteral("already_answered"));
        QCOMPARE(outbox.pendingCount(), 0);
        QVERIFY(!store.survey(QStringLiteral("srv_twice"))->answered);
        QVERIFY(!model.survey(QStringLiteral("srv_twice"))
                     .value(QStringLiteral("failure"))
                     .toString()
                     .isEmpty());
        QVERIFY(model.dismissFailure(QStringLiteral("srv_twice")));
        QVERIFY(store.answers().isEmpty());
    }

    // 409 survey_closed, 404 and 422 are final with the reason (and the input) kept for the page.
    void finalRefusalsKeepTheReason()
    {
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("final-session.db")));
        SurveyStore store(newDatabase());
        SurveyAnswerOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);
        SurveysModel model(store, &outbox);
        QVERIFY(store.applyDelta({ survey(wireSurvey(QStringLiteral("srv_a"), kLater)),
                                     survey(wireSurvey(QStringLiteral("srv_b"), kLater, true)),
                                     survey(wireSurvey(QStringLiteral("srv_c"), kLater)) },
            {}, QStringLiteral("1")));
        const auto a = outbox.submit(QStringLiteral("srv_a"), goodAnswer());
        const auto b = outbox.submit(QStringLiteral("srv_b"), goodAnswer());
        const auto c = outbox.submit(QStringLiteral("srv_c"), goodAnswer());
        QSignalSpy failed(&outbox, &SurveyAnswerOutbox::answerFailed);
        QCOMPARE(outbox.applyReply(
                     *store.answer(*a.seq), httpError(409, QStringLiteral("survey_closed"))),
            SurveyAnswerOutbox::Outcome::Final);
        QCOMPARE(
            outbox.applyReply(*store.answer(*b.seq), httpError(404, QStringLiteral("not_found"))),
            SurveyAnswerOutbox::Outcome::Final);
        const QJsonObject body { { QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), QStringLiteral("invalid_inputs") },
                { QStringLiteral("message"), QStringLiteral("score is too large") },
                { QStringLiteral("path"), QStringLiteral("score") } } } };
        QCOMPARE(outbox.applyReply(
                     *store.answer(*c.seq), httpError(422, QStringLiteral("invalid_inputs"), body)),
            SurveyAnswerOutbox::Outcome::Final);
        QCOMPARE(failed.size(), 3);
        QCOMPARE(store.answer(*a.seq)->reason, QStringLiteral("survey_closed"));
        QCOMPARE(store.answer(*b.seq)->reason, QStringLiteral("not_found"));
        QCOMPARE(store.answer(*c.seq)->reason, QStringLiteral("invalid_inputs"));
        QCOMPARE(store.answer(*c.seq)->path, QStringLiteral("score"));
        QCOMPARE(outbox.pendingCount(), 0);
        const QVariantMap page = model.survey(QStringLiteral("srv_c"));
        QCOMPARE(page.value(QStringLiteral("failurePath")).toString(), QStringLiteral("score"));
        QVERIFY(page.value(QStringLiteral("failure")).toString().contains(u"score"));
        QCOMPARE(page.value(QStringLiteral("pending")).toBool(), false);
        // A refused answer is not waiting: the survey is open and unanswered again.
        QCOMPARE(model.openCount(), 3);
        // A withdrawn survey takes its outbox rows with it.
        QVERIFY(store.applyDelta({}, { QStringLiteral("srv_a") }, QStringLiteral("2")));
        QVERIFY(!store.answer(*a.seq));
    }

    // The queue is in the encrypted database: a restart (the file opened again with its key)
    // finds the answer with the same key; the answer's text is not readable in the file.
    void restartKeepsTheQueue()
    {
        const QString path = m_dir.filePath(QStringLiteral("restart.db"));
        const QByteArray key = Database::newKey();
        qint64 seq = 0;
        QString idempotencyKey;
        {
            SignedOutSession signedOut(m_dir.filePath(QStringLiteral("restart-1.db")));
            SurveyStore store(open(path, key));
            SurveyAnswerOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);
            QVERIFY(store.applyDelta(
                { survey(wireSurvey(QStringLiteral("srv_a"), kLater)) }, {}, QStringLiteral("1")));
            QJsonObject answer = goodAnswer();
            answer.insert(QStringLiteral("comment"), QStringLiteral("Unmistakable remark 4711"));
            const auto queued = outbox.submit(QStringLiteral("srv_a"), answer);
            QVERIFY(queued.queued());
            seq = *queued.seq;
            idempotencyKey = store.answer(seq)->idempotencyKey;
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("Unmistakable remark 4711"));
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("restart-2.db")));
        SurveyStore store(open(path, key));
        SurveyAnswerOutbox outbox(signedOut.session.api(), signedOut.session.scope(), store);
        QCOMPARE(outbox.pendingCount(), 1);
        const std::optional<SurveyAnswer> again = store.answer(seq);
        QVERIFY(again && again->isPending());
        QCOMPARE(again->idempotencyKey, idempotencyKey);
        QCOMPARE(again->inputs.value(QStringLiteral("comment")).toString(),
            QStringLiteral("Unmistakable remark 4711"));
    }
};

QTEST_GUILESS_MAIN(TestSurveysStoreModel)
#include "tst_surveys_store_model.moc"
