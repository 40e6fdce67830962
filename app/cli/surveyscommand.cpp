#include "surveyscommand.h"

#include "base/printtext.h"
#include "cardinputs.h"
#include "cards/cardparser.h"
#include "clicontext.h"
#include "identity/session.h"
#include "protocol/wiretime.h"
#include "services/clientstack.h"
#include "signedinoutput.h"
#include "surveys/surveyansweroutbox.h"
#include "surveys/surveysmodel.h"
#include "surveys/surveystore.h"
#include "surveys/surveysync.h"

#include <QHash>

#include <cstdio>
#include <functional>
#include <memory>
#include <utility>

namespace tessera::cli {

namespace {

QString stateText(const Survey &survey, bool pending, const QDateTime &now)
{
    if (survey.isClosedAt(now))
        return QStringLiteral("closed");
    if (pending)
        return QStringLiteral("waiting to send");
    if (survey.answered)
        return survey.editable ? QStringLiteral("answered, can change")
                               : QStringLiteral("answered");
    return QStringLiteral("open");
}

QString listText(const Survey &survey, bool pending, const QDateTime &now)
{
    QStringList facts { survey.anonymous ? QStringLiteral("anonymous") : QStringLiteral("named") };
    facts << QStringLiteral("closes %1").arg(wiretime::format(survey.closesAt)) << survey.id;
    if (!survey.source.isEmpty())
        facts.prepend(survey.source);
    return QStringLiteral("%1 [%2]\n    %3")
        .arg(survey.title, stateText(survey, pending, now), facts.join(QStringLiteral(" · ")));
}

// Without any --set: the inputs the card has, the required ones said so, and how to give them.
void printInputsNeeded(CliContext &context, const Survey &survey, const QJsonArray &errors)
{
    const cards::CardParseResult form = cards::CardParser().parse(survey.card);
    QStringList named;
    QStringList sets;
    for (const cards::CardElement *input : form.card.inputs()) {
        const QString label = input->input.label.isEmpty()
            ? QString()
            : QStringLiteral(" (%1)").arg(input->input.label);
        named << input->id + label
                + (input->input.isRequired ? QStringLiteral(", required") : QString());
        sets << QStringLiteral("--set %1=VALUE").arg(input->id);
    }
    const QString message =
        QStringLiteral("The survey's inputs: %1. Give them with: tessera-cli "
                       "survey answer %2 %3")
            .arg(named.join(QStringLiteral("; ")), survey.id, sets.join(QLatin1Char(' ')));
    if (context.json())
        context.printResult(
            QJsonObject { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("code"), QStringLiteral("invalid_inputs") },
                    { QStringLiteral("message"), message },
                    { QStringLiteral("errors"), errors } } } },
            {});
    else
        context.printError(QStringLiteral("invalid_inputs"), message);
}

struct SurveyParts
{
    SurveyStore *store = nullptr;
    SurveyAnswerOutbox *outbox = nullptr;
};

// Builds the surveys feature for session and syncs it once; then(parts, synced) runs when the
// sync ends (synced false: it failed, the error printed, the cache still there).
void syncSurveys(CliContext &context, Session &session, const Deliver &deliver,
    const std::function<void(const SurveyParts &, bool)> &then)
{
    ClientStack::Options options;
    options.features = ClientStack::Feature::Surveys;
    options.liveStream = false;
    auto *stack = new ClientStack(session, *context.secretStore(), options, &session);
    const SurveyParts parts { stack->part<SurveyStore>(), stack->part<SurveyAnswerOutbox>() };
    SurveySync *sync = stack->part<SurveySync>();
    if (!parts.store->hasDatabase()) {
        context.printError(QStringLiteral("local_data_unavailable"),
            QStringLiteral("This device's surveys cannot be opened."));
        deliver(ExitCode::Failed);
        return;
    }
    auto done = std::make_shared<bool>(false);
    QObject::connect(sync, &SurveySync::synced, sync, [parts, done, then]() {
        if (!std::exchange(*done, true))
            then(parts, true);
    });
    QObject::connect(sync, &SurveySync::syncFailed, sync, [&context, parts, sync, done, then]() {
        if (std::exchange(*done, true))
            return;
        context.printError(
            sync->errorCode().isEmpty() ? QStringLiteral("sync_failed") : sync->errorCode(),
            QStringLiteral("The surveys could not be synced (%1); using what this device has.")
                .arg(sync->error()));
        then(parts, false);
    });
    sync->syncNow();
    if (!sync->isLoading() && !std::exchange(*done, true)) {
        context.printError(QStringLiteral("sync_failed"),
            QStringLiteral("The surveys cannot be synced now; using what this device has."));
        then(parts, false);
    }
}

using Connections = std::shared_ptr<QList<QMetaObject::Connection>>;

// Waits for the outbox's word on surveyId's answer and prints it; the connections it made.
Connections awaitAnswer(CliContext &context, SurveyAnswerOutbox *outbox, const QString &surveyId,
    const Deliver &deliver)
{
    auto connections = std::make_shared<QList<QMetaObject::Connection>>();
    const auto done = [connections, deliver](int code) {
        for (const QMetaObject::Connection &connection : std::as_const(*connections))
            QObject::disconnect(connection);
        deliver(code);
    };
    connections->append(QObject::connect(outbox, &SurveyAnswerOutbox::answerDelivered, outbox,
        [&context, surveyId, done](const QString &id) {
            if (id != surveyId)
                return;
            context.printResult(QJsonObject { { QStringLiteral("id"), id },
                                    { QStringLiteral("status"), QStringLiteral("sent") } },
                QStringLiteral("Thank you — your answer was sent."));
            done(ExitCode::Success);
        }));
    connections->append(QObject::connect(outbox, &SurveyAnswerOutbox::answerFailed, outbox,
        [&context, surveyId, done](const QString &id, const QString &message) {
            if (id != surveyId)
                return;
            context.printResult(QJsonObject { { QStringLiteral("id"), id },
                                    { QStringLiteral("status"), QStringLiteral("refused") },
                                    { QStringLiteral("message"), message } },
                QStringLiteral("Not accepted: %1").arg(message));
            done(ExitCode::Failed);
        }));
    connections->append(QObject::connect(outbox, &SurveyAnswerOutbox::answerDeferred, outbox,
        [&context, surveyId, done](const QString &id, const QString &reason) {
            if (id != surveyId)
                return;
            context.printResult(QJsonObject { { QStringLiteral("id"), id },
                                    { QStringLiteral("status"), QStringLiteral("queued") },
                                    { QStringLiteral("message"), reason } },
                QStringLiteral("Not sent yet: %1\nYour answer is kept on this device and goes "
                               "with the next command (tessera-cli survey answer %2); it counts "
                               "once.")
                    .arg(reason, id));
            done(ExitCode::Failed);
        }));
    return connections;
}

} // namespace

QFuture<int> runSurveys(CliContext &context)
{
    return whenSignedIn(context, [&context](Session &session, const Deliver &deliver) {
        syncSurveys(
            context, session, deliver, [&context, deliver](const SurveyParts &parts, bool synced) {
                const QDateTime now = QDateTime::currentDateTimeUtc();
                QHash<QString, bool> pending;
                const QList<SurveyAnswer> waiting = parts.store->answers(QStringLiteral("pending"));
                for (const SurveyAnswer &answer : waiting)
                    pending.insert(answer.surveyId, true);
                const QList<Survey> surveys =
                    SurveysModel::ordered(parts.store->surveys(), pending, now);
                for (const Survey &survey : surveys) {
                    QJsonObject json = survey.toJson();
                    json.insert(QStringLiteral("closed"), survey.isClosedAt(now));
                    json.insert(QStringLiteral("pending"), pending.value(survey.id));
                    context.printResult(json, listText(survey, pending.value(survey.id), now));
                }
                if (surveys.isEmpty() && !context.json())
                    printText(stdout, "There are no surveys.\n");
                deliver(synced ? ExitCode::Success : ExitCode::Failed);
            });
    });
}

QFuture<int> runSurveyAnswer(CliContext &context)
{
    const QString id = context.arguments().value(0);
    if (id.isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("survey answer needs a survey id (tessera-cli surveys lists them)."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    const std::optional<QJsonObject> values = setValues(context);
    if (!values)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    return whenSignedIn(context, [&context, id, values](Session &session, const Deliver &deliver) {
        syncSurveys(context, session, deliver,
            [&context, deliver, id, values](const SurveyParts &parts, bool) {
                const std::optional<Survey> survey = parts.store->survey(id);
                if (!survey) {
                    context.printError(QStringLiteral("not_found"),
                        QStringLiteral("There is no survey “%1” for you.").arg(id));
                    deliver(ExitCode::Failed);
                    return;
                }
                const std::optional<SurveyAnswer> waiting = parts.store->answerFor(id);
                const Connections waits = awaitAnswer(context, parts.outbox, id, deliver);
                // An earlier run's answer still waits: sent again as it is (it counts once).
                if (values->isEmpty() && waiting && waiting->isPending()) {
                    parts.outbox->sendNow();
                    return;
                }
                const SurveyAnswerOutbox::SubmitResult result = parts.outbox->submit(id, *values);
                if (result.queued())
                    return; // awaitAnswer prints what the server said
                for (const QMetaObject::Connection &connection : std::as_const(*waits))
                    QObject::disconnect(connection);
                const QJsonArray errors = inputErrorsJson(result.errors);
                if (!errors.isEmpty() && values->isEmpty())
                    printInputsNeeded(context, *survey, errors);
                else if (!errors.isEmpty())
                    printInvalidInputs(context, errors);
                else
                    context.printError(result.refusal->code, result.refusal->message);
                deliver(ExitCode::Failed);
            });
    });
}

} // namespace tessera::cli
