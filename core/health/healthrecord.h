#pragma once

#include "health/healthhc1summary.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// One of the person's vaccination records as GET /v1/health-records answers it (the API's
// HealthRecord), read strictly: a record that is not what the API says refuses the whole list.
struct HealthRecord
{
    static constexpr qsizetype maxReasonLength = 2000;

    QString id;
    QString vaccine;
    QString vaccineName;
    int dose = 0;
    QDate date;
    QString country;
    QString state; // pending, verified, rejected
    QString reason; // a rejection's reason
    QString certificateKind; // empty (none), image, pdf, hc1
    QString signature; // hc1 only: valid, not_checked
    std::optional<HealthHc1Summary> hc1; // hc1 only: what the server decoded
    QDateTime createdAt;
    QDateTime decidedAt; // invalid while pending

    static std::optional<HealthRecord> fromJson(const QJsonObject &object, QString *problem);
};

} // namespace tessera
