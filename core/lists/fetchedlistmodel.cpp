#include "lists/fetchedlistmodel.h"

#include "base/futurewatch.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"

namespace tessera {

FetchedListModel::FetchedListModel(
    AuthorizedApi &api, SessionScope &scope, QMessageLogger::CategoryFunction log, QObject *parent)
    : QAbstractListModel(parent)
    , m_log(log)
    , m_api(api)
{
    connect(&scope, &SessionScope::ended, this, [this]() {
        ++m_generation;
        sessionEnded();
        setLoading(false);
        setError({});
    });
}

FetchedListModel::~FetchedListModel() = default;

int FetchedListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(size());
}

bool FetchedListModel::isRow(const QModelIndex &index) const
{
    return checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid);
}

void FetchedListModel::whenCurrent(
    QFuture<ApiReply> reply, std::function<void(const ApiReply &)> handler)
{
    whenFinished(this, std::move(reply),
        [this, handler = std::move(handler), generation = m_generation](const ApiReply &answer) {
            if (generation == m_generation)
                handler(answer);
        });
}

void FetchedListModel::fetchBody(const QString &path, const QString &refused,
    std::function<bool(const QJsonObject &, QString *)> take)
{
    ++m_generation;
    setLoading(true);
    whenCurrent(
        m_api.get(path), [this, path, refused, take = std::move(take)](const ApiReply &reply) {
            setLoading(false);
            if (!reply.ok()) {
                setError(FailureText::describe(reply));
                return;
            }
            QString problem;
            if (!take(reply.body, &problem)) {
                refuse(path, refused, problem);
                return;
            }
            setError({});
        });
}

void FetchedListModel::refuse(const QString &what, const QString &refused, const QString &problem)
{
    qCWarning(m_log) << "the list of" << what << "was refused:" << problem;
    setError(refused);
}

void FetchedListModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

void FetchedListModel::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

} // namespace tessera
