#pragma once

#include "feed/deltasync.h"

namespace tessera {

class RequestsStore;

// Keeps My requests up to date: GET /v1/submissions?since=CURSOR, each page applied with its
// cursor in one transaction, following `more`; at start, on a live hint of kind "submissions"
// (a status set by the sub-system), on return to the foreground. Every submission is checked
// (SubmissionRecord::fromJson); a page with one that is not valid is refused whole.
class RequestsSync : public DeltaSync
{
    Q_OBJECT
public:
    // api, scope and store must outlive this object.
    RequestsSync(
        AuthorizedApi &api, SessionScope &scope, RequestsStore &store, QObject *parent = nullptr);
    ~RequestsSync() override;

protected:
    bool applyPage(const QJsonObject &page, const QString &cursor, QString *problem) override;

private:
    RequestsStore &m_store;
};

} // namespace tessera
