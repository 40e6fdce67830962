#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// One of My requests (a submission of this person's, GET /v1/submissions), every field checked.
struct SubmissionRecord
{
    QString id; // sub_…
    QString serviceId;
    QString serviceTitle;
    QJsonObject inputs; // input id → value as submitted
    QString status; // submitted, received, in_progress, done, rejected
    QString message; // the sub-system's words; empty: none
    QJsonObject resultCard; // empty: none
    QDateTime submittedAt;
    QDateTime updatedAt;

    bool isFinal() const { return status == u"done" || status == u"rejected"; }
    static bool isKnownStatus(const QString &status);

    static std::optional<SubmissionRecord> fromJson(const QJsonObject &json, QString *problem);
    QJsonObject toJson() const;
};

} // namespace tessera
