#include "selfservice/selfservice.h"

#include "selfservice/cataloguemodel.h"
#include "selfservice/cataloguesync.h"
#include "selfservice/requestssync.h"
#include "selfservice/submissionoutbox.h"

#include <QJsonObject>

namespace tessera {

namespace {

QVariantMap inputError(const QString &input, const QString &message)
{
    return QVariantMap { { QStringLiteral("input"), input },
        { QStringLiteral("message"), message } };
}

} // namespace

SelfService::SelfService(CatalogueModel &catalogue, SubmissionOutbox &outbox,
    CatalogueSync *catalogueSync, RequestsSync *requestsSync, QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
    , m_outbox(outbox)
    , m_catalogueSync(catalogueSync)
    , m_requestsSync(requestsSync)
{
    connect(&m_catalogue, &QAbstractItemModel::modelReset, this, &SelfService::catalogueChanged);
    connect(
        &m_outbox, &SubmissionOutbox::pendingCountChanged, this, &SelfService::pendingCountChanged);
    connect(&m_outbox, &SubmissionOutbox::submissionSent, this,
        [this](qint64 seq, const QString &submissionId) {
            const auto entry = m_outbox.entry(seq);
            Q_EMIT submissionSent(int(seq), entry ? entry->serviceId : QString(), submissionId);
        });
    connect(&m_outbox, &SubmissionOutbox::submissionFailed, this, &SelfService::failed);
    connect(&m_outbox, &SubmissionOutbox::submissionDeferred, this,
        [this](qint64 seq, const QString &reason) { Q_EMIT submissionDeferred(int(seq), reason); });
    connect(&m_outbox, &SubmissionOutbox::formChanged, this, &SelfService::formChanged);
    if (m_catalogueSync) {
        connect(
            m_catalogueSync, &CatalogueSync::loadingChanged, this, &SelfService::syncStateChanged);
        connect(
            m_catalogueSync, &CatalogueSync::errorChanged, this, &SelfService::syncStateChanged);
    }
    if (m_requestsSync) {
        connect(
            m_requestsSync, &RequestsSync::loadingChanged, this, &SelfService::syncStateChanged);
        connect(m_requestsSync, &RequestsSync::errorChanged, this, &SelfService::syncStateChanged);
    }
}

SelfService::~SelfService() = default;

int SelfService::pendingCount() const
{
    return m_outbox.pendingCount();
}

void SelfService::setOffline(bool offline)
{
    if (offline == m_offline)
        return;
    m_offline = offline;
    Q_EMIT offlineChanged();
}

bool SelfService::isLoading() const
{
    return (m_catalogueSync && m_catalogueSync->isLoading())
        || (m_requestsSync && m_requestsSync->isLoading());
}

QString SelfService::error() const
{
    if (m_catalogueSync && !m_catalogueSync->error().isEmpty())
        return m_catalogueSync->error();
    return m_requestsSync ? m_requestsSync->error() : QString();
}

QVariantMap SelfService::submit(
    const QString &serviceId, const QString &action, const QVariantMap &values)
{
    const SubmissionOutbox::SubmitResult result =
        m_outbox.submit(serviceId, action, QJsonObject::fromVariantMap(values));
    QVariantList errors;
    for (const cards::InputError &error : result.errors)
        errors.append(inputError(error.inputId, error.message));
    QVariantMap answer { { QStringLiteral("queued"), result.queued() },
        { QStringLiteral("errors"), errors },
        { QStringLiteral("refusal"), result.refusal ? result.refusal->message : QString() } };
    if (result.seq)
        answer.insert(QStringLiteral("seq"), int(*result.seq));
    return answer;
}

void SelfService::syncNow()
{
    if (m_catalogueSync)
        m_catalogueSync->syncNow();
    if (m_requestsSync)
        m_requestsSync->syncNow();
    m_outbox.sendNow();
}

void SelfService::failed(qint64 seq, const QString &message)
{
    const auto entry = m_outbox.entry(seq);
    QVariantList errors;
    if (entry) {
        for (const auto &value : entry->errors) {
            const QJsonObject error = value.toObject();
            errors.append(inputError(error.value(QStringLiteral("input")).toString(),
                error.value(QStringLiteral("message")).toString()));
        }
    }
    Q_EMIT submissionFailed(int(seq), entry ? entry->serviceId : QString(), message, errors);
}

} // namespace tessera
