#pragma once

#include "lists/fetchedlistmodel.h"
#include "privacy/privacyrequest.h"

#include <QList>

namespace tessera {

class Session;

// My privacy requests: the signed-in person's correction and deletion requests (GET
// /v1/privacy/requests, newest first) with their states, sending a new one (POST with an
// Idempotency-Key; the server refuses a second open one of the same kind, and the words say so),
// and a local ID's own account deletion (POST /v1/me/deletion with the password: the server erases
// the account at once, then this device signs out). Nothing cached; emptied at sign-out.
class PrivacyRequestsModel : public tessera::FetchedListModel
{
    Q_OBJECT
    // A request or the account deletion is on its way.
    Q_PROPERTY(bool sending READ isSending NOTIFY sendingChanged)
    // Whether this person may delete their own account here (a local ID, not an employee).
    Q_PROPERTY(bool canDeleteAccount READ canDeleteAccount NOTIFY canDeleteAccountChanged)
public:
    enum Role {
        RequestIdRole = Qt::UserRole + 1,
        KindRole,
        CommentRole,
        StateRole,
        StateTextRole, // the state in words
        CreatedAtRole, // QDateTime
        DecidedAtRole, // QDateTime, invalid while undecided
        DecisionCommentRole,
    };
    Q_ENUM(Role)

    // session must outlive the model. The one list model that keeps the sign-in state machine:
    // an erased account signs the person out here (deleteAccount()), and whether the account
    // may be deleted follows the signed-in person's kind (Session::userChanged).
    explicit PrivacyRequestsModel(Session &session, QObject *parent = nullptr);
    ~PrivacyRequestsModel() override;

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool isSending() const { return m_sending; }
    bool canDeleteAccount() const;
    const QList<PrivacyRequest> &requests() const { return m_requests; }

    Q_INVOKABLE void refresh();
    // kind "correction" or "deletion"; comment 1-2000 characters (trimmed). false (and error
    // set) when refused before sending.
    Q_INVOKABLE bool send(const QString &kind, const QString &comment);
    // A local ID's account, erased by the server at once; false when refused before sending.
    Q_INVOKABLE bool deleteAccount(const QString &password);

    static QString stateText(const QString &state);

Q_SIGNALS:
    void sendingChanged();
    void canDeleteAccountChanged();
    // The server accepted a request of kind.
    void sent(const QString &kind);
    // The server refused or could not be reached (message: why, in words).
    void sendFailed(const QString &message);
    // The server erased the account; the session signs out next.
    void accountDeleted();
    void deleteFailed(const QString &message);

protected:
    qsizetype size() const override { return m_requests.size(); }
    void sessionEnded() override;

private:
    void setSending(bool sending);

    Session &m_session;

    QList<PrivacyRequest> m_requests;
    bool m_sending = false;
};

} // namespace tessera
