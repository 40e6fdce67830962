#pragma once

#include "surveys/survey.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QTimer>
#include <QVariantMap>

namespace tessera {

class SurveyAnswerOutbox;
class SurveyStore;
class SurveySync;

// The surveys as a list: open and unanswered first (closing soonest first), then answered (or
// with an answer waiting to be sent), then closed (the latest closed first); refreshed whenever
// the store changes and when the next open survey closes. openCount is how many open surveys
// wait for this person's answer (the inbox and Home show them). answer() goes through the
// answer outbox. With a sync set, its state too.
class SurveysModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int openCount READ openCount NOTIFY openCountChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY syncStateChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY syncStateChanged)
    Q_PROPERTY(QString error READ error NOTIFY syncStateChanged)
    // Changes whenever the surveys are read from the store again: a binding that reads it (a
    // survey's page) is evaluated again.
    Q_PROPERTY(int revision READ revision NOTIFY revisionChanged)
public:
    enum Role {
        SurveyIdRole = Qt::UserRole + 1,
        TitleRole,
        ClosesAtRole, // QDateTime, UTC
        AnonymousRole,
        EditableRole,
        AnsweredRole, // the server has this person's answer
        ClosedRole, // closed by the server or past closesAt
        PendingRole, // an answer waits in the outbox
        FailureRole, // why the last answer was refused for good; "" for none
        CanAnswerRole, // open, and not answered or editable
        SourceRole,
    };
    Q_ENUM(Role)

    // store (and outbox, when given) must outlive the model.
    explicit SurveysModel(
        SurveyStore &store, SurveyAnswerOutbox *outbox = nullptr, QObject *parent = nullptr);
    ~SurveysModel() override;

    void setSync(SurveySync *sync);
    void setOffline(bool offline);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int openCount() const { return m_open; }
    int revision() const { return m_revision; }
    bool isLoading() const;
    bool isOffline() const;
    QString error() const;
    Q_INVOKABLE int rowOf(const QString &surveyId) const;
    Q_INVOKABLE QString surveyIdAt(int row) const;

    // One survey for its page: {surveyId, title, card (compact JSON), closesAt, closed,
    // anonymous, editable, answered, pending, failure, failurePath, canAnswer, source, myAnswer
    // (input id → value: the named answer the server has, or the one waiting here)}; an empty
    // map for an unknown id.
    Q_INVOKABLE QVariantMap survey(const QString &surveyId) const;
    // Checks and queues an answer: {queued, message (a refusal in words, "" when queued or when
    // inputs are wrong), errors: [{input, message}]}.
    Q_INVOKABLE QVariantMap answer(const QString &surveyId, const QVariantMap &values);
    // Forgets a refused answer's reason (the page's Dismiss).
    Q_INVOKABLE bool dismissFailure(const QString &surveyId);

    // The order of the list at now (the model's, also the CLI's).
    static QList<Survey> ordered(
        QList<Survey> surveys, const QHash<QString, bool> &pending, const QDateTime &now);

public Q_SLOTS:
    void refresh();
    void syncNow();

Q_SIGNALS:
    void countChanged();
    void openCountChanged();
    void revisionChanged();
    void syncStateChanged();

private:
    struct Row
    {
        Survey survey;
        bool pending = false;
        QString failure;
    };
    void scheduleClosing(const QDateTime &now);

    SurveyStore &m_store;
    SurveyAnswerOutbox *m_outbox;
    SurveySync *m_sync = nullptr;
    QList<Row> m_rows;
    int m_open = 0;
    bool m_offline = false;
    int m_revision = 0;
    QTimer m_closing;
};

} // namespace tessera
