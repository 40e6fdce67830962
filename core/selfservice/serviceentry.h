#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// One service of the catalogue (GET /v1/services), every field checked: a service whose form
// does not parse as a card of the subset, or that has no input or no submit action, is refused.
struct ServiceEntry
{
    QString id; // svc_…
    QString title;
    QString category;
    QString icon; // empty: none
    QString description; // empty: none
    int order = 0;
    QJsonObject form; // the Adaptive Card as sent
    qint64 version = 0; // the form's version: sent with a submission
    QDateTime updatedAt;
    QString source; // the sub-system's name

    // nullopt (and *problem) when anything is missing, of the wrong type or out of range.
    static std::optional<ServiceEntry> fromJson(const QJsonObject &json, QString *problem);
    QJsonObject toJson() const;
};

} // namespace tessera
