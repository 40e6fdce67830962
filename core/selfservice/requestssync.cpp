#include "selfservice/requestssync.h"

#include "selfservice/requestsstore.h"
#include "selfservice/selfservicelogging.h"

#include <QJsonArray>

namespace tessera {

RequestsSync::RequestsSync(
    AuthorizedApi &api, SessionScope &scope, RequestsStore &store, QObject *parent)
    : DeltaSync(api, scope, store, QStringLiteral("/v1/submissions"), lcSelfService, parent)
    , m_store(store)
{ }

RequestsSync::~RequestsSync() = default;

bool RequestsSync::applyPage(const QJsonObject &page, const QString &cursor, QString *problem)
{
    const QJsonValue submissions = page.value(QStringLiteral("submissions"));
    if (!submissions.isArray()) {
        *problem = QStringLiteral("the page has no submissions list");
        return false;
    }
    QList<SubmissionRecord> records;
    for (const auto &value : submissions.toArray()) {
        auto record = SubmissionRecord::fromJson(value.toObject(), problem);
        if (!record)
            return false;
        records.append(std::move(*record));
    }
    if (!m_store.applyPage(records, cursor)) {
        *problem = QStringLiteral("My requests could not be stored on this device");
        return false;
    }
    qCDebug(lcSelfService) << "requests page:" << records.size() << "submissions";
    return true;
}

} // namespace tessera
