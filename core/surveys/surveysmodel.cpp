#include "surveys/surveysmodel.h"

#include "surveys/surveyansweroutbox.h"
#include "surveys/surveystore.h"
#include "surveys/surveysync.h"

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
    : QAbstractListModel(parent)
    , m_store(store)
    , m_outbox(outbox)
{
    m_closing.setSingleShot(true);
    connect(&m_closing, &QTimer::timeout, this, &SurveysModel::refresh);
    connect(&m_store, &SurveyStore::changed, this, &SurveysModel::refresh);
    refresh();
}

SurveysModel::~SurveysModel() = default;

void SurveysModel::setSync(SurveySync *sync)
{
    if (m_sync == sync)
        return;
    if (m_sync)
        m_sync->disconnect(this);
    m_sync = sync;
    if (m_sync) {
        connect(m_sync, &SurveySync::loadingChanged, this, &SurveysModel::syncStateChanged);
        connect(m_sync, &SurveySync::offlineChanged, this, &SurveysModel::syncStateChanged);
        connect(m_sync, &SurveySync::errorChanged, this, &SurveysModel::syncStateChanged);
    }
    Q_EMIT syncStateChanged();
}

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
    const int before = int(m_rows.size());
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
    for (const Survey &survey : surveys)
        rows.append(Row { survey, pending.value(survey.id), failures.value(survey.id) });
    const bool sameRows = std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(), m_rows.cend(),
        [](const Row &a, const Row &b) { return a.survey.id == b.survey.id; });
    if (sameRows) {
        m_rows = std::move(rows);
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
    } else {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    m_open = int(std::count_if(m_rows.cbegin(), m_rows.cend(),
        [&now](const Row &row) { return group(row.survey, row.pending, now) == 0; }));
    if (m_rows.size() != before)
        Q_EMIT countChanged();
    if (m_open != openBefore)
        Q_EMIT openCountChanged();
    ++m_revision;
    Q_EMIT revisionChanged();
    scheduleClosing(now);
}

void SurveysModel::scheduleClosing(const QDateTime &now)
{
    QDateTime next;
    for (const Row &row : std::as_const(m_rows))
        if (!row.survey.isClosedAt(now) && (!next.isValid() || row.survey.closesAt < next))
            next = row.survey.closesAt;
    if (!next.isValid()) {
        m_closing.stop();
        return;
    }
    const qint64 wait =
        std::clamp<qint64>(now.msecsTo(next) + 1, 1, qint64 { 24 } * 60 * 60 * 1000);
    m_closing.start(int(wait));
}

void SurveysModel::syncNow()
{
    if (m_sync)
        m_sync->syncNow();
}

int SurveysModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SurveysModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
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

bool SurveysModel::isLoading() const
{
    return m_sync && m_sync->isLoading();
}

void SurveysModel::setOffline(bool offline)
{
    if (m_offline == offline)
        return;
    m_offline = offline;
    Q_EMIT syncStateChanged();
}

bool SurveysModel::isOffline() const
{
    return m_offline || (m_sync && m_sync->isOffline());
}

QString SurveysModel::error() const
{
    return m_sync ? m_sync->error() : QString();
}

int SurveysModel::rowOf(const QString &surveyId) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).survey.id == surveyId)
            return row;
    return -1;
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
