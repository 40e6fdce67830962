#pragma once

#include "health/healthrecordsmodel.h"
#include "services/clientstack.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QVariantMap>

// `HealthFixture` (import TesseraTest): hands the real HealthRecordsModel behind the
// `HealthRecords` singleton an answer of GET /v1/health-records, as the server sends it (the
// model reads it strictly: a record that is not what the API says refuses the list).
class HealthFixture : public QObject
{
    Q_OBJECT
public:
    HealthFixture(tessera::ClientStack &stack, QObject *parent)
        : QObject(parent)
        , m_model(*stack.part<tessera::HealthRecordsModel>())
    { }

    // records: the API's HealthRecord objects; false when the model refused them.
    Q_INVOKABLE bool seed(const QVariantList &records)
    {
        return m_model.takeList(
            QJsonObject { { QStringLiteral("records"), QJsonArray::fromVariantList(records) } });
    }

private:
    tessera::HealthRecordsModel &m_model;
};
