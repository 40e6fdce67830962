#include "selfservice/cataloguesync.h"

#include "selfservice/cataloguestore.h"
#include "selfservice/selfservicelogging.h"

#include <QJsonArray>

namespace tessera {

CatalogueSync::CatalogueSync(
    AuthorizedApi &api, SessionScope &scope, CatalogueStore &store, QObject *parent)
    : DeltaSync(api, scope, store, QStringLiteral("/v1/services"), lcSelfService, parent)
    , m_store(store)
{ }

CatalogueSync::~CatalogueSync() = default;

bool CatalogueSync::applyPage(const QJsonObject &page, const QString &cursor, QString *problem)
{
    const QJsonValue services = page.value(QStringLiteral("services"));
    const QJsonValue removed = page.value(QStringLiteral("removed"));
    if (!services.isArray() || !removed.isArray()) {
        *problem = QStringLiteral("the catalogue page has no services or removed list");
        return false;
    }
    QList<ServiceEntry> entries;
    QStringList gone;
    for (const auto &value : removed.toArray()) {
        if (!value.isString() || value.toString().isEmpty()) {
            *problem = QStringLiteral("a removed service id is not text");
            return false;
        }
        gone.append(value.toString());
    }
    for (const auto &value : services.toArray()) {
        QString why;
        const auto entry = ServiceEntry::fromJson(value.toObject(), &why);
        if (!entry) {
            // Skipped: the rest of the catalogue stays usable. A copy held from before goes, so
            // that nothing is submitted against a form this client cannot check.
            ++m_skipped;
            qCWarning(lcSelfService).noquote() << "service skipped:" << why;
            const QString id = value.toObject().value(QStringLiteral("id")).toString();
            if (!id.isEmpty())
                gone.append(id);
            continue;
        }
        entries.append(*entry);
    }
    if (!m_store.applyPage(entries, gone, cursor)) {
        *problem = QStringLiteral("the catalogue could not be stored on this device");
        return false;
    }
    qCDebug(lcSelfService) << "catalogue page:" << entries.size() << "services," << gone.size()
                           << "removed";
    return true;
}

} // namespace tessera
