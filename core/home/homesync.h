#pragma once

#include "feed/deltasync.h"

namespace tessera {

class HomeStore;

// Keeps Home's cache up to date: delta sync (GET /v1/cards?since=CURSOR, following `more`) at
// start and sign-in, on the live stream's "cards" hints and (re)connects (the inbox's stream:
// attachStream), on return to the foreground, with exponential backoff after a failure
// (DeltaSync). Every answer is checked before anything is stored; a card CardParser refuses is
// skipped with a warning (and an older copy of it dropped). Offline, the cache stays as it is and
// is shown.
//
// Follows the session: the store gets the session's database at sign-in and drops it at
// sign-out; network work only while the session's services run (SessionScope::isStarted()).
class HomeSync : public DeltaSync
{
    Q_OBJECT
public:
    // api, scope and store must outlive this object.
    HomeSync(AuthorizedApi &api, SessionScope &scope, HomeStore &store, QObject *parent = nullptr);
    ~HomeSync() override;

    // Follows a live stream's hints of kind "cards" and its (re)connects; it must outlive this.
    void attachStream(const StreamClient &stream);

    static QString hintKind() { return QStringLiteral("cards"); }

protected:
    bool applyPage(const QJsonObject &page, const QString &cursor, QString *problem) override;
    QString malformedPage() const override;

private:
    HomeStore &m_store;
};

} // namespace tessera
