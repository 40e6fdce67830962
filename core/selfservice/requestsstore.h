#pragma once

#include "selfservice/submissionrecord.h"

#include <QList>
#include <QObject>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// My requests in the session's SQLCipher database (table selfservice_requests) and their delta
// cursor. Without a database it holds nothing and every write fails.
class RequestsStore : public QObject
{
    Q_OBJECT
public:
    explicit RequestsStore(std::shared_ptr<Database> database = {}, QObject *parent = nullptr);
    ~RequestsStore() override;

    void setDatabase(std::shared_ptr<Database> database);
    bool hasDatabase() const { return m_database != nullptr; }

    // The newest submission first.
    QList<SubmissionRecord> requests() const;
    std::optional<SubmissionRecord> request(const QString &id) const;
    QString cursor() const;

    // One page of a delta: the submissions written and the cursor moved, in one transaction.
    bool applyPage(const QList<SubmissionRecord> &records, const QString &cursor);
    // A submission the outbox just had stored: kept unless the sync already brought it.
    bool addSubmitted(const SubmissionRecord &record);

Q_SIGNALS:
    void changed();

private:
    bool write(const SubmissionRecord &record, bool replace);

    std::shared_ptr<Database> m_database;
};

} // namespace tessera
