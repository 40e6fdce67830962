#pragma once

#include "selfservice/submissionrecord.h"
#include "storage/deltastore.h"

#include <QList>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// My requests in the session's SQLCipher database (table selfservice_requests) and their delta
// cursor (DeltaStore: setDatabase, hasDatabase, cursor, changed). Without a database it holds
// nothing and every write fails.
class RequestsStore : public DeltaStore
{
    Q_OBJECT
public:
    explicit RequestsStore(std::shared_ptr<Database> database = {}, QObject *parent = nullptr);
    ~RequestsStore() override;

    // The newest submission first.
    QList<SubmissionRecord> requests() const;
    std::optional<SubmissionRecord> request(const QString &id) const;

    // One page of a delta: the submissions written and the cursor moved, in one transaction.
    bool applyPage(const QList<SubmissionRecord> &records, const QString &cursor);
    // A submission the outbox just had stored: kept unless the sync already brought it.
    bool addSubmitted(const SubmissionRecord &record);

private:
    static bool write(Database &database, const SubmissionRecord &record, bool replace);
};

} // namespace tessera
