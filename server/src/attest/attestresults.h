#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tessera::server {

struct HttpResponse;

// What AttestService's calls end in; AttestRoutes turns each into its HTTP answer.
enum class AttestOutcome {
    Done, // putForm, form, today, ofPerson: the data; answer: stored (201)
    AlreadyAnswered, // answer: the person answered today already, the first answer (200)
    Invalid, // the request does not fit (422): refusal
    NoForm, // no attestation form is defined (404)
    Failed, // the database refused (500)
};

// Why a request was refused (422): the error's code and message and the members beside it
// ("path", "actions" or "errors", as FormCheck words them).
struct AttestRefusal
{
    QString code;
    QString message;
    QJsonObject members;

    // A FormCheck refusal (422 {"error":{"code","message"},...}) as a typed one.
    static AttestRefusal fromResponse(const HttpResponse &response);
};

// The admin's form: its card, version and retention.
struct AttestForm
{
    QJsonObject card;
    int version = 0;
    int retentionDays = 0;
};

// One answer of a person's: {"id","day","inputs","answeredAt"} as the API shows it.
struct AttestAnswer
{
    QString id;
    QString day; // ISO date, the server's day (UTC)
    QJsonObject inputs;
    QString answeredAt; // wire time

    QJsonObject toJson() const;
};

// putForm() and form().
struct AttestFormResult
{
    AttestOutcome outcome = AttestOutcome::Failed;
    AttestRefusal refusal; // Invalid
    AttestForm form; // Done
};

// answer(): Done with the new answer, AlreadyAnswered with the day's first one.
struct AttestAnswerResult
{
    AttestOutcome outcome = AttestOutcome::Failed;
    AttestRefusal refusal; // Invalid
    AttestAnswer answer; // Done, AlreadyAnswered
};

// today(): the day and the person's answer of it, if any.
struct AttestTodayResult
{
    AttestOutcome outcome = AttestOutcome::Failed;
    QString day;
    std::optional<AttestAnswer> answer;
};

// ofPerson(): the person's kept answers, newest first.
struct AttestAnswersResult
{
    AttestOutcome outcome = AttestOutcome::Failed;
    QList<AttestAnswer> answers;
};

} // namespace tessera::server
