#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

namespace tessera {

class Session;
struct ApiReply;

namespace selfservice {

// What the catalogue's and My requests' syncs share: GET path?since=CURSOR, each page applied
// with its cursor in one transaction, following `more`; at start, on a live hint of its kind,
// on return to the foreground, with exponential backoff after a failure. Runs while the
// session's services may run (SessionScope::isStarted()) and the sync is started.
class DeltaSync : public QObject
{
    Q_OBJECT
public:
    DeltaSync(Session &session, QString path, QObject *parent = nullptr);
    ~DeltaSync() override;

    bool isLoading() const { return m_running; }
    // The last sync's failure in plain words; empty after one that worked.
    QString error() const { return m_error; }
    void setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds last);

    void start();
    void stop();
    // A delta sync now (or right after the one running).
    void syncNow();
    void setForeground(bool foreground);
    // A live hint: syncs unless the store is already at cursor.
    void hint(const QString &cursor);

Q_SIGNALS:
    void loadingChanged();
    void errorChanged();
    // A sync ran until the server said no more.
    void synced();
    void syncFailed();

protected:
    Session &session() const { return m_session; }
    // The database of the session reached the store (null: dropped).
    virtual void useDatabase() = 0;
    virtual bool hasDatabase() const = 0;
    virtual QString cursor() const = 0;
    // Applies one page (validated) with its cursor; false and *problem when it cannot.
    virtual bool applyPage(const QJsonObject &page, const QString &cursor, QString *problem) = 0;
    // Subclasses call it once constructed.
    void followSession();

private:
    void fetchPage();
    void finish(bool ok, const ApiReply *failure);
    void setError(const QString &message);
    bool canSync() const;

    Session &m_session;
    const QString m_path;
    QTimer m_retry;
    bool m_started = false;
    bool m_running = false;
    bool m_again = false;
    int m_pages = 0;
    QString m_error;
    std::chrono::milliseconds m_firstDelay { 2000 };
    std::chrono::milliseconds m_lastDelay { 5 * 60 * 1000 };
    std::chrono::milliseconds m_delay { 0 };
};

} // namespace selfservice

} // namespace tessera
