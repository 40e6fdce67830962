#pragma once

#include "net/apireply.h"
#include "net/backoff.h"

#include <QJsonArray>

#include <chrono>

namespace tessera {

// What the client's outboxes (DecisionOutbox, SubmissionOutbox) share about sending one request
// exactly once with its Idempotency-Key: what an answer means, and when to send again.
//
// An answer is Done (2xx), Retry (nothing definite came back: a network, TLS or protocol
// failure; 5xx, 408, 429, 401 (a token being refreshed), 426, 409 request_in_progress: the same
// request goes again later with the same key) or Final (any other refusal: the server will never
// take it as it is). A retry waits as Backoff says for the entry's attempts so far.
class OutboxRetry
{
public:
    enum class Verdict { Done, Retry, Final };

    static Verdict classify(const ApiReply &reply);
    // The errors of a 422 invalid_inputs, checked: [{input, message}] with text in both (an
    // input id of at most 200 characters, a message of at most 2,000); empty for any other answer.
    static QJsonArray inputErrors(const ApiReply &reply);

    void setDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);
    // The wait before attempt number attempts + 1 (attempts: those made so far, from 1;
    // retryAfterSeconds: ApiReply's, -1 when absent).
    std::chrono::milliseconds delay(int attempts, int retryAfterSeconds) const;

private:
    Backoff m_backoff { std::chrono::seconds(2), std::chrono::minutes(10) };
};

} // namespace tessera
