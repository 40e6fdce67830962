#include "surveys/surveysmodel.h"

#include "surveys/surveyansweroutbox.h"
#include "surveys/surveystore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace tessera {

namespace {

// 0: open and waiting for an answer, 1: answered (or waiting to be sent), 2: closed.
int group(const Survey &survey, bool pending, const QDateTime &now)
{
    if (survey.isClosedAt(now))
        return 2;
    return survey.answered || pending ? 1 : 0;
}

} // namespace

SurveysModel::SurveysModel(SurveyStore &store, SurveyAnswerOutbox *outbox, QObject *parent)
    : RowsModel(parent)
    , m_store(store)
    , m_outbox(outbox)
{
    connect(&m_store, &SurveyStore::changed, this, &SurveysModel::refresh);
    refresh();
}

SurveysModel::~SurveysModel() = default;

QList<Survey> SurveysModel::ordered(
    QList<Survey> surveys, const QHash<QString, bool> &pending, const QDateTime &now)
{
    std::stable_sort(surveys.begin(), surveys.end(), [&](const Survey &a, const Survey &b) {
        const int ga = group(a, pending.value(a.id), now);
        const int gb = group(b, pending.value(b.id), now);
        if (ga != gb)
            return ga < gb;
        if (a.closesAt != b.closesAt)
            return ga == 2 ? a.closesAt > b.closesAt : a.closesAt < b.closesAt;
        return a.id < b.id;
    });
    return surveys;
}

void SurveysModel::refresh()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int openBefore = m_open;
    QHash<QString, bool> pending;
    QHash<QString, QString> failures;
    const QList<SurveyAnswer> answers = m_store.answers();
    for (const SurveyAnswer &answer : answers) {
        if (answer.isPending())
            pending.insert(answer.surveyId, true);
        else
            failures.insert(answer.surveyId, answer.message);
    }
    const QList<Survey> surveys = ordered(m_store.surveys(), pending, now);
    QList<Row> rows;
    rows.reserve(surveys.size());
    QList<QDateTime> closings;
    closings.reserve(surveys.size());
    for (const Survey &survey : surveys) {
        rows.append(Row { survey.id, survey, pending.value(survey.id), failures.value(survey.id),
            survey.isClosedAt(now) });
        if (!survey.closed)
            closings.append(survey.closesAt);
    }
    updateRows(m_rows, std::move(rows));
    m_open = int(std::count_if(m_rows.cbegin(), m_rows.cend(),
        [&now](const Row &row) { return group(row.survey, row.pending, now) == 0; }));
    if (m_open != openBefore)
        Q_EMIT openCountChanged();
    ++m_revision;
    Q_EMIT revisionChanged();
    refreshAtSoonest(closings);
}

QVariant SurveysModel::data(const QModelIndex &index, int role) const
{
    if (!isRow(index))
        return {};
    const Row &row = m_rows.at(index.row());
    const Survey &survey = row.survey;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (role) {
    case SurveyIdRole:
        return survey.id;
    case Qt::DisplayRole:
    case TitleRole:
        return survey.title;
    case ClosesAtRole:
        return survey.closesAt;
    case AnonymousRole:
        return survey.anonymous;
    case EditableRole:
        return survey.editable;
    case AnsweredRole:
        return survey.answered;
    case ClosedRole:
        return survey.isClosedAt(now);
    case PendingRole:
        return row.pending;
    case FailureRole:
        return row.failure;
    case CanAnswerRole:
        return survey.canAnswerAt(now) && !(row.pending && !survey.editable);
    case SourceRole:
        return survey.source;
    default:
        return {};
    }
}

QHash<int, QByteArray> SurveysModel::roleNames() const
{
    return {
        { SurveyIdRole, "surveyId" },
        { TitleRole, "title" },
        { ClosesAtRole, "closesAt" },
        { AnonymousRole, "anonymous" },
        { EditableRole, "editable" },
        { AnsweredRole, "answered" },
        { ClosedRole, "closed" },
        { PendingRole, "pending" },
        { FailureRole, "failure" },
        { CanAnswerRole, "canAnswer" },
        { SourceRole, "source" },
    };
}

QString SurveysModel::surveyIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).survey.id : QString();
}

QVariantMap SurveysModel::survey(const QString &surveyId) const
{
    const std::optional<Survey> found = m_store.survey(surveyId);
    if (!found)
        return {};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const std::optional<SurveyAnswer> waiting = m_store.answerFor(surveyId);
    const bool pending = waiting && waiting->isPending();
    const bool failed = waiting && !waiting->isPending();
    // What the form shows filled in: the answer waiting here, else the named one the server has.
    const QJsonObject mine = pending && !found->anonymous ? waiting->inputs : found->myAnswer;
    return QVariantMap {
        { QStringLiteral("surveyId"), found->id },
        { QStringLiteral("title"), found->title },
        { QStringLiteral("card"),
            QString::fromUtf8(QJsonDocument(found->card).toJson(QJsonDocument::Compact)) },
        { QStringLiteral("closesAt"), found->closesAt },
        { QStringLiteral("closed"), found->isClosedAt(now) },
        { QStringLiteral("anonymous"), found->anonymous },
        { QStringLiteral("editable"), found->editable },
        { QStringLiteral("answered"), found->answered },
        { QStringLiteral("pending"), pending },
        { QStringLiteral("failure"), failed ? waiting->message : QString() },
        { QStringLiteral("failurePath"), failed ? waiting->path : QString() },
        { QStringLiteral("canAnswer"), found->canAnswerAt(now) && !(pending && !found->editable) },
        { QStringLiteral("source"), found->source },
        { QStringLiteral("myAnswer"), mine.toVariantMap() },
    };
}

QVariantMap SurveysModel::answer(const QString &surveyId, const QVariantMap &values)
{
    if (!m_outbox)
        return { { QStringLiteral("queued"), false },
            { QStringLiteral("message"), tr("Answers cannot be sent from here.") },
            { QStringLiteral("errors"), QVariantList() } };
    const SurveyAnswerOutbox::SubmitResult result =
        m_outbox->submit(surveyId, QJsonObject::fromVariantMap(values));
    QVariantList errors;
    for (const cards::InputError &error : result.errors)
        errors.append(QVariantMap { { QStringLiteral("input"), error.inputId },
            { QStringLiteral("message"), error.message } });
    return {
        { QStringLiteral("queued"), result.queued() },
        { QStringLiteral("message"), result.refusal ? result.refusal->message : QString() },
        { QStringLiteral("errors"), errors },
    };
}

bool SurveysModel::dismissFailure(const QString &surveyId)
{
    return m_store.dismissFailure(surveyId);
}

} // namespace tessera
