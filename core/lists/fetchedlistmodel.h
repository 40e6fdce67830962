#pragma once

#include "lists/entrylist.h"
#include "net/apireply.h"

#include <QAbstractListModel>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QString>

#include <functional>
#include <optional>
#include <utility>

namespace tessera {

class AuthorizedApi;
class SessionScope;

// What the lists fetched whole share (the privacy pages' requests and devices, the health
// records): a list the server sends whole from one endpoint (GET, its array read strictly with
// entriesOf: shown whole or not at all), the count, loading and error QML binds to, answers to an
// older refresh (or session) dropped, and the list emptied at sign-out (SessionScope::ended).
// Nothing is cached. A model derives from it, keeps its rows (replaced by replaceRows), and gives
// size(), data() and roleNames(). Not a template: QML's type registrar follows a model's
// properties up a chain of plain classes only, named as it knows them: derive from
// tessera::FetchedListModel, qualified (as RowsModel's models do), or qmllint sees no count.
class FetchedListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
public:
    ~FetchedListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    bool isLoading() const { return m_loading; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void countChanged();
    void loadingChanged();
    void errorChanged();

protected:
    // api and scope must outlive the model; log: the feature's logging category (a refused
    // list's problem, which names a field and never its value).
    FetchedListModel(AuthorizedApi &api, SessionScope &scope, QMessageLogger::CategoryFunction log,
        QObject *parent);

    AuthorizedApi &api() const { return m_api; }
    virtual qsizetype size() const = 0;
    // The session ended (or is not signed in any more): empty the rows (replaceRows) and forget
    // what is on its way; loading and error are cleared after it.
    virtual void sessionEnded() = 0;

    // Asks GET path again (an older answer is dropped): a failure sets error; an answer whose
    // array field is not a list of strict Entries sets error to refused (the problem logged);
    // otherwise error is cleared after take(entries) has taken them.
    template<typename Entry, typename Take>
    void fetch(const QString &path, const QString &field, const QString &refused, Take take)
    {
        fetchBody(path, refused,
            [field, take = std::move(take)](const QJsonObject &body, QString *problem) mutable {
                std::optional<QList<Entry>> entries = entriesOf<Entry>(body, field, problem);
                if (!entries)
                    return false;
                take(std::move(*entries));
                return true;
            });
    }
    // takeBody's synchronous twin: an answer already at hand (a test's, or one read elsewhere).
    template<typename Entry, typename Take>
    bool takeEntries(
        const QJsonObject &body, const QString &field, const QString &refused, Take take)
    {
        QString problem;
        std::optional<QList<Entry>> entries = entriesOf<Entry>(body, field, &problem);
        if (!entries) {
            refuse(field, refused, problem);
            return false;
        }
        take(std::move(*entries));
        setError({});
        return true;
    }
    // Calls handler(reply) when reply comes, unless a refresh or the end of the session came
    // first.
    void whenCurrent(QFuture<ApiReply> reply, std::function<void(const ApiReply &)> handler);
    // Replaces rows (the model's own list) by next, inside a model reset.
    template<typename Row>
    void replaceRows(QList<Row> &rows, QList<Row> next)
    {
        const bool countChanges = next.size() != rows.size();
        beginResetModel();
        rows = std::move(next);
        endResetModel();
        if (countChanges)
            Q_EMIT countChanged();
    }
    // A valid index of this list (QAbstractItemModel::checkIndex).
    bool isRow(const QModelIndex &index) const;
    void setError(const QString &error);

private:
    void fetchBody(const QString &path, const QString &refused,
        std::function<bool(const QJsonObject &, QString *)> take);
    void setLoading(bool loading);
    void refuse(const QString &what, const QString &refused, const QString &problem);

    const QMessageLogger::CategoryFunction m_log;
    AuthorizedApi &m_api;
    bool m_loading = false;
    QString m_error;
    quint64 m_generation = 0; // answers to an older refresh (or session) are dropped
};

} // namespace tessera
