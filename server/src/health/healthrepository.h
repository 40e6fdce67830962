#pragma once

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

class SecretSeal;

// One dose a person registered, with what is known of its certificate (never its bytes).
struct HealthRecord
{
    QString id;
    QString userId;
    QString vaccine;
    int dose = 0;
    QString date; // YYYY-MM-DD
    QString country;
    QString state; // pending | verified | rejected
    QString reason;
    QString createdAt;
    QString decidedAt;
    QString certificateKind; // empty: none; image | pdf | hc1
    QString signature; // hc1 only
    QString fields; // hc1 only: the decoded fields (JSON), opened (stored sealed)
    QString notificationId; // the medical inbox item; empty when none

    // The wire's HealthRecord (server/openapi.json).
    QJsonObject toJson() const;
};

// A record waiting for the medical role, with who registered it (the medical role sees people).
struct PendingHealthRecord
{
    HealthRecord record;
    QString displayName;
    QString department;
    QString geo;
};

// A certificate's stored form: its bytes still sealed.
struct StoredCertificate
{
    QString userId;
    QString contentType;
    QString sealed;
};

// One cell of a report: people with a record in state, by department and geo.
struct HealthReportCell
{
    QString state;
    QString department;
    QString geo;
    int people = 0;
};

// The health feature's SQL, in the caller's transaction. Every answer of nullopt / false means
// the database refused, or a certificate's fields did not open with seal (logged without them).
class HealthRepository
{
public:
    HealthRepository(QSqlDatabase &db, const SecretSeal &seal);

    // What a certificate's decoded fields are sealed for (SecretSeal's context): the column and
    // the record, so that a value moved to another row or column does not open.
    static QString fieldsContext(const QString &recordId);

    bool insert(const HealthRecord &record);
    bool setNotification(const QString &recordId, const QString &notificationId);
    std::optional<QList<HealthRecord>> recordsOf(const QString &userId);
    // The record id; an empty id when there is none.
    std::optional<HealthRecord> find(const QString &id);
    std::optional<QList<PendingHealthRecord>> pending();
    // Sets a pending record's state; false in *changed when it was not pending (any more).
    bool decide(const QString &id, const QString &state, const QString &reason,
        const QString &deciderId, const QString &at, bool *changed);
    // fields (the decoded HC1 fields as JSON; empty: none) are sealed here.
    bool putCertificate(const QString &recordId, const QString &userId, const QString &kind,
        const QString &contentType, qint64 size, const QString &sealed, const QString &signature,
        const QString &fields, const QString &at);
    // The certificate of recordId; an empty userId when there is none.
    std::optional<StoredCertificate> certificate(const QString &recordId);
    // People with a record, per state, department and geo.
    std::optional<QList<HealthReportCell>> report();
    // People with a record, per state (department and geo empty).
    std::optional<QList<HealthReportCell>> stateTotals();

private:
    std::optional<HealthRecord> recordAt(const QSqlQuery &query) const;

    QSqlDatabase &m_db;
    const SecretSeal &m_seal;
};

} // namespace tessera::server
