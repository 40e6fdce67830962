#include "privacy/privacyrequestsmodel.h"

#include "base/futurewatch.h"
#include "identity/session.h"
#include "net/apiclient.h"
#include "privacy/entrylist.h"
#include "privacy/privacylogging.h"

#include <QJsonArray>

namespace tessera {

PrivacyRequestsModel::PrivacyRequestsModel(Session &session, QObject *parent)
    : QAbstractListModel(parent)
    , m_session(session)
{
    connect(
        &m_session, &Session::userChanged, this, &PrivacyRequestsModel::canDeleteAccountChanged);
    connect(&m_session, &Session::stateChanged, this, [this]() {
        if (m_session.state() == Session::State::SignedIn)
            return;
        ++m_generation;
        replace({});
        setLoading(false);
        setSending(false);
        setError({});
    });
}

PrivacyRequestsModel::~PrivacyRequestsModel() = default;

int PrivacyRequestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_requests.size());
}

QVariant PrivacyRequestsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PrivacyRequest &request = m_requests.at(index.row());
    switch (role) {
    case RequestIdRole:
        return request.id;
    case KindRole:
        return request.kind;
    case CommentRole:
        return request.comment;
    case StateRole:
        return request.state;
    case StateTextRole:
        return stateText(request.state);
    case CreatedAtRole:
        return request.createdAt;
    case DecidedAtRole:
        return request.decidedAt;
    case DecisionCommentRole:
        return request.decisionComment;
    default:
        return {};
    }
}

QHash<int, QByteArray> PrivacyRequestsModel::roleNames() const
{
    return { { RequestIdRole, "requestId" }, { KindRole, "kind" }, { CommentRole, "comment" },
        { StateRole, "requestState" }, { StateTextRole, "stateText" },
        { CreatedAtRole, "createdAt" }, { DecidedAtRole, "decidedAt" },
        { DecisionCommentRole, "decisionComment" } };
}

bool PrivacyRequestsModel::canDeleteAccount() const
{
    // A local ID that is not an employee's (the server refuses employees: their data goes
    // through a deletion request to the privacy team).
    return m_session.state() == Session::State::SignedIn && m_session.profile().kind == u"local"
        && m_session.profile().userType != u"employee";
}

QString PrivacyRequestsModel::stateText(const QString &state)
{
    if (state == u"pending")
        return tr("Waiting for the privacy team");
    if (state == u"approved")
        return tr("Approved");
    if (state == u"rejected")
        return tr("Rejected");
    if (state == u"done")
        return tr("Done");
    return state;
}

void PrivacyRequestsModel::refresh()
{
    const quint64 generation = ++m_generation;
    setLoading(true);
    whenFinished(this, m_session.get(QStringLiteral("/v1/privacy/requests")),
        [this, generation](const ApiReply &reply) {
            if (generation != m_generation)
                return;
            setLoading(false);
            if (!reply.ok()) {
                setError(Session::describeFailure(reply));
                return;
            }
            QString problem;
            std::optional<QList<PrivacyRequest>> read =
                entriesOf<PrivacyRequest>(reply.body, QStringLiteral("requests"), &problem);
            if (!read) {
                qCWarning(lcPrivacy) << "the privacy request list was refused:" << problem;
                setError(tr("The server's answer was not a list of requests."));
                return;
            }
            QList<PrivacyRequest> requests = std::move(*read);
            std::stable_sort(requests.begin(), requests.end(),
                [](const PrivacyRequest &a, const PrivacyRequest &b) {
                    return a.createdAt > b.createdAt;
                });
            setError({});
            replace(std::move(requests));
        });
}

bool PrivacyRequestsModel::send(const QString &kind, const QString &comment)
{
    const QString text = comment.trimmed();
    if (!PrivacyRequest::isKind(kind)) {
        setError(tr("Choose a correction or a deletion."));
        return false;
    }
    if (text.isEmpty() || text.size() > PrivacyRequest::maxCommentLength) {
        setError(tr("Say what it is about, in at most %1 characters.")
                     .arg(PrivacyRequest::maxCommentLength));
        return false;
    }
    if (m_sending)
        return false;
    setSending(true);
    whenFinished(this,
        m_session.post(QStringLiteral("/v1/privacy/requests"),
            QJsonObject { { QStringLiteral("kind"), kind }, { QStringLiteral("comment"), text } },
            ApiClient::newIdempotencyKey()),
        [this, kind, generation = m_generation](const ApiReply &reply) {
            if (generation != m_generation)
                return;
            setSending(false);
            if (!reply.ok()) {
                const QString message = reply.httpStatus == 409
                    ? tr("You have an open request of this kind already: it has to be decided "
                         "first.")
                    : Session::describeFailure(reply);
                setError(message);
                Q_EMIT sendFailed(message);
                return;
            }
            setError({});
            Q_EMIT sent(kind);
            refresh();
        });
    return true;
}

bool PrivacyRequestsModel::deleteAccount(const QString &password)
{
    if (!canDeleteAccount() || password.isEmpty() || m_sending)
        return false;
    setSending(true);
    whenFinished(this,
        m_session.post(QStringLiteral("/v1/me/deletion"),
            QJsonObject { { QStringLiteral("password"), password } }),
        [this, generation = m_generation](const ApiReply &reply) {
            if (generation != m_generation)
                return;
            setSending(false);
            if (!reply.ok()) {
                const QString message = Session::describeFailure(reply);
                setError(message);
                Q_EMIT deleteFailed(message);
                return;
            }
            qCInfo(lcPrivacy) << "the account was deleted: signing out";
            Q_EMIT accountDeleted();
            m_session.signOut();
        });
    return true;
}

void PrivacyRequestsModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

void PrivacyRequestsModel::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void PrivacyRequestsModel::setSending(bool sending)
{
    if (m_sending == sending)
        return;
    m_sending = sending;
    Q_EMIT sendingChanged();
}

void PrivacyRequestsModel::replace(QList<PrivacyRequest> requests)
{
    const bool countChanges = requests.size() != m_requests.size();
    beginResetModel();
    m_requests = std::move(requests);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

} // namespace tessera
