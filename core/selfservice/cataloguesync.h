#pragma once

#include "feed/deltasync.h"

namespace tessera {

class CatalogueStore;

// Keeps the service catalogue up to date: GET /v1/services?since=CURSOR, each page (services,
// removed ids, cursor) applied in one transaction, following `more`; at start, on a live hint
// of kind "services", on return to the foreground. Every service is checked
// (ServiceEntry::fromJson); one that is not valid (its form does not parse) is skipped and
// logged, the others are kept. The store gets the session's database and drops it at sign-out.
class CatalogueSync : public DeltaSync
{
    Q_OBJECT
public:
    // api, scope and store must outlive this object.
    CatalogueSync(
        AuthorizedApi &api, SessionScope &scope, CatalogueStore &store, QObject *parent = nullptr);
    ~CatalogueSync() override;

    // Services skipped by the syncs so far (their form did not parse ...).
    int skipped() const { return m_skipped; }

protected:
    bool applyPage(const QJsonObject &page, const QString &cursor, QString *problem) override;

private:
    CatalogueStore &m_store;
    int m_skipped = 0;
};

} // namespace tessera
