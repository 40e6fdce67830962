#pragma once

#include "privacy/privacyrequest.h"

#include <QAbstractListModel>
#include <QList>

namespace tessera {

class Session;

// My privacy requests: the signed-in person's correction and deletion requests (GET
// /v1/privacy/requests, newest first) with their states, sending a new one (POST with an
// Idempotency-Key; the server refuses a second open one of the same kind, and the words say so),
// and a local ID's own account deletion (POST /v1/me/deletion with the password: the server erases
// the account at once, then this device signs out). Nothing cached; emptied at sign-out.
class PrivacyRequestsModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
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

    explicit PrivacyRequestsModel(Session &session, QObject *parent = nullptr);
    ~PrivacyRequestsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool isLoading() const { return m_loading; }
    QString error() const { return m_error; }
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
    void countChanged();
    void loadingChanged();
    void errorChanged();
    void sendingChanged();
    void canDeleteAccountChanged();
    // The server accepted a request of kind.
    void sent(const QString &kind);
    // The server refused or could not be reached (message: why, in words).
    void sendFailed(const QString &message);
    // The server erased the account; the session signs out next.
    void accountDeleted();
    void deleteFailed(const QString &message);

private:
    void setLoading(bool loading);
    void setError(const QString &error);
    void setSending(bool sending);
    void replace(QList<PrivacyRequest> requests);

    Session &m_session;
    QList<PrivacyRequest> m_requests;
    bool m_loading = false;
    bool m_sending = false;
    QString m_error;
    quint64 m_generation = 0;
};

} // namespace tessera
