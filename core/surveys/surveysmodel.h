#pragma once

#include "feed/rowsmodel.h"
#include "surveys/survey.h"

#include <QHash>
#include <QList>
#include <QVariantMap>

namespace tessera {

class SurveyAnswerOutbox;
class SurveyStore;

// The surveys as a list: open and unanswered first (closing soonest first), then answered (or
// with an answer waiting to be sent), then closed (the latest closed first); refreshed whenever
// the store changes and when the next open survey closes. openCount is how many open surveys
// wait for this person's answer (the inbox and Home show them). answer() goes through the
// answer outbox. With a sync set (RowsModel::setSync), its state too.
// (The base is named in full: Qt 6.4's QML type registrar matches a base by its full name.)
class SurveysModel : public tessera::RowsModel
{
    Q_OBJECT
    Q_PROPERTY(int openCount READ openCount NOTIFY openCountChanged)
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

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int openCount() const { return m_open; }
    int revision() const { return m_revision; }
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

Q_SIGNALS:
    void openCountChanged();
    void revisionChanged();

protected:
    qsizetype size() const override { return m_rows.size(); }
    QString idAt(qsizetype row) const override { return m_rows.at(row).id; }
    void rowsExpired() override { refresh(); }

private:
    // A survey as the list shows it at a refresh. closed is read at that time, so a survey that
    // closed since counts as changed (its row is shown again).
    struct Row
    {
        QString id;
        Survey survey;
        bool pending = false;
        QString failure;
        bool closed = false;
        friend bool operator==(const Row &a, const Row &b)
        {
            return a.id == b.id && a.pending == b.pending && a.failure == b.failure
                && a.closed == b.closed && a.survey.toJson() == b.survey.toJson();
        }
    };

    SurveyStore &m_store;
    SurveyAnswerOutbox *m_outbox;
    QList<Row> m_rows;
    int m_open = 0;
    int m_revision = 0;
};

} // namespace tessera
