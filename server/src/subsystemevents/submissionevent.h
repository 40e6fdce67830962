#pragma once

#include <QJsonObject>
#include <QString>

namespace tessera::server {

// The event objects about a submission to a service (docs/CARDS.md, "Services and submissions:
// the Web API"), version 1, in the key's events feed: submission.created when a person submits,
// submission.status when the sub-system sets its status. Built here only.
class SubmissionEvent
{
public:
    static constexpr int version = 1;

    enum class Type { Created, Status };

    // "submission.created" or "submission.status".
    static QString typeName(Type type);
    // A new event (a new "evt_" id) at createdAt about submission: the sub-system's view of it
    // (SubmissionRepository::toSubsystemJson): its ids, the submitter, the inputs, the status and
    // the message.
    static QJsonObject make(Type type, const QJsonObject &submission, const QString &createdAt);
};

} // namespace tessera::server
