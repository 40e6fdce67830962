#pragma once

#include "feed/deltasync.h"

namespace tessera {

class NewsStore;

// Keeps News's cache up to date: delta sync (GET /v1/news?since=CURSOR, following `more`) at
// start and sign-in, on the live stream's "news" hints and (re)connects (attachStream), on return
// to the foreground, with backoff after a failure (DeltaSync). Every answer is checked before
// anything is stored; a post NewsPost refuses is skipped with a warning (and an older copy of it
// dropped). Offline, the cache stays as it is and is shown.
class NewsSync : public DeltaSync
{
    Q_OBJECT
public:
    // api, scope and store must outlive this object.
    NewsSync(AuthorizedApi &api, SessionScope &scope, NewsStore &store, QObject *parent = nullptr);
    ~NewsSync() override;

    // Follows a live stream's hints of kind "news" and its (re)connects; it must outlive this.
    void attachStream(const StreamClient &stream);

    static QString hintKind() { return QStringLiteral("news"); }
    static QString path() { return QStringLiteral("/v1/news"); }

protected:
    bool applyPage(const QJsonObject &page, const QString &cursor, QString *problem) override;
    QString malformedPage() const override;

private:
    NewsStore &m_store;
};

} // namespace tessera
