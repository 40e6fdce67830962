#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// A correction or deletion request as /v1/privacy/requests sends it (PrivacyRequest in the
// OpenAPI), checked: kind correction|deletion, state pending|approved|rejected|done, a comment of
// 1-2000 characters, wire times; decidedAt and decisionComment optional.
struct PrivacyRequest
{
    static constexpr qsizetype maxCommentLength = 2000;

    QString id;
    QString kind; // "correction" | "deletion"
    QString comment;
    QString state; // "pending" | "approved" | "rejected" | "done"
    QDateTime createdAt;
    QDateTime decidedAt; // invalid while undecided
    QString decisionComment;

    static std::optional<PrivacyRequest> fromJson(
        const QJsonObject &object, QString *error = nullptr);
    static bool isKind(const QString &kind);
};

} // namespace tessera
