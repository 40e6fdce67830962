#pragma once

#include "feed/deltasync.h"

namespace tessera {

class SurveyStore;

// Keeps the surveys' cache up to date: delta sync (GET /v1/surveys?since=CURSOR, following
// `more`) at start and sign-in, on the live stream's "surveys" hints and (re)connects, on return
// to the foreground, with backoff after a failure (DeltaSync). Every answer is checked before
// anything is stored; a survey Survey refuses is skipped with a warning (an older copy dropped).
class SurveySync : public DeltaSync
{
    Q_OBJECT
public:
    // api, scope and store must outlive this object.
    SurveySync(
        AuthorizedApi &api, SessionScope &scope, SurveyStore &store, QObject *parent = nullptr);
    ~SurveySync() override;

    // Follows a live stream's hints of kind "surveys" and its (re)connects.
    void attachStream(const StreamClient &stream);

    static QString hintKind() { return QStringLiteral("surveys"); }
    static QString path() { return QStringLiteral("/v1/surveys"); }

protected:
    bool applyPage(const QJsonObject &page, const QString &cursor, QString *problem) override;
    QString malformedPage() const override;

private:
    SurveyStore &m_store;
};

} // namespace tessera
