#pragma once

#include "feed/deltasync.h"

namespace tessera {

class EventStore;

// Keeps Events' cache up to date: delta sync (GET /v1/events?since=CURSOR, following `more`) at
// start and sign-in, on the live stream's "events" hints and (re)connects (attachStream), on
// return to the foreground, with backoff after a failure (DeltaSync). Every answer is checked
// before anything is stored; an event EventItem refuses is skipped with a warning (and an older
// copy of it dropped). Offline, the cache stays as it is and is shown. fetchDetail() asks for one
// event's fresh counts (GET /v1/events/{id}) for its page.
class EventSync : public DeltaSync
{
    Q_OBJECT
public:
    // api, scope and store must outlive this object.
    EventSync(
        AuthorizedApi &api, SessionScope &scope, EventStore &store, QObject *parent = nullptr);
    ~EventSync() override;

    // Follows a live stream's hints of kind "events" and its (re)connects; it must outlive this.
    void attachStream(const StreamClient &stream);
    // GET /v1/events/{id}: detailFetched with how many are going and the spots left (-1:
    // unlimited), or detailFailed with the reason in plain words.
    void fetchDetail(const QString &eventId);

    static QString hintKind() { return QStringLiteral("events"); }
    static QString path() { return QStringLiteral("/v1/events"); }

Q_SIGNALS:
    void detailFetched(const QString &eventId, int going, int spotsLeft);
    void detailFailed(const QString &eventId, const QString &reason);

protected:
    bool applyPage(const QJsonObject &page, const QString &cursor, QString *problem) override;
    QString malformedPage() const override;

private:
    AuthorizedApi &m_api;
    SessionScope &m_scope;
    EventStore &m_store;
};

} // namespace tessera
