#include "health/healthrecordsmodel.h"

#include "base/futurewatch.h"
#include "health/healthcertificatefile.h"
#include "health/healthdose.h"
#include "health/internal/healthlogging.h"
#include "health/qrimagereader.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "net/apiclient.h"
#include "protocol/hc1.h"
#include "protocol/healthwire.h"

#include <QJsonArray>
#include <QUrl>

namespace tessera {

HealthRecordsModel::HealthRecordsModel(AuthorizedApi &api, SessionScope &scope, QObject *parent)
    : FetchedListModel(api, scope, lcHealth, parent)
{ }

HealthRecordsModel::~HealthRecordsModel() = default;

void HealthRecordsModel::sessionEnded()
{
    ++m_epoch;
    replaceRows(m_records, {});
    setSending(false);
    setProblem({});
}

QVariant HealthRecordsModel::data(const QModelIndex &index, int role) const
{
    if (!isRow(index))
        return {};
    const HealthRecord &record = m_records.at(index.row());
    switch (role) {
    case RecordIdRole:
        return record.id;
    case VaccineRole:
        return record.vaccine;
    case VaccineNameRole:
        return record.vaccineName;
    case DoseRole:
        return record.dose;
    case DateRole:
        return record.date.toString(Qt::ISODate);
    case CountryRole:
        return record.country;
    case StateRole:
        return record.state;
    case StateTextRole:
        return stateText(record.state);
    case ReasonRole:
        return record.reason;
    case CertificateKindRole:
        return record.certificateKind;
    case CertificateTextRole:
        return certificateText(record);
    case SignatureRole:
        return record.signature;
    case Hc1Role:
        return record.hc1 ? record.hc1->toVariantMap() : QVariantMap();
    default:
        return {};
    }
}

QHash<int, QByteArray> HealthRecordsModel::roleNames() const
{
    return { { RecordIdRole, "recordId" }, { VaccineRole, "vaccine" },
        { VaccineNameRole, "vaccineName" }, { DoseRole, "dose" }, { DateRole, "date" },
        { CountryRole, "country" }, { StateRole, "recordState" }, { StateTextRole, "stateText" },
        { ReasonRole, "reason" }, { CertificateKindRole, "certificateKind" },
        { CertificateTextRole, "certificateText" }, { SignatureRole, "signature" },
        { Hc1Role, "hc1" } };
}

QVariantList HealthRecordsModel::vaccines() const
{
    QVariantList list;
    for (const healthwire::Vaccine &vaccine : healthwire::vaccines())
        list.append(QVariantMap { { QStringLiteral("code"), vaccine.code },
            { QStringLiteral("name"), vaccine.displayName } });
    return list;
}

int HealthRecordsModel::rowOf(const QString &recordId) const
{
    for (qsizetype row = 0; row < m_records.size(); ++row) {
        if (m_records.at(row).id == recordId)
            return int(row);
    }
    return -1;
}

QString HealthRecordsModel::refusedText()
{
    return tr("The server's answer was not a list of health records.");
}

QString HealthRecordsModel::stateText(const QString &state)
{
    if (state == u"pending")
        return tr("Waiting for medical staff");
    if (state == u"verified")
        return tr("Verified");
    if (state == u"rejected")
        return tr("Rejected");
    return state;
}

QString HealthRecordsModel::certificateText(const HealthRecord &record)
{
    if (record.certificateKind == u"image")
        return tr("Certificate: a photo");
    if (record.certificateKind == u"pdf")
        return tr("Certificate: a PDF");
    if (record.certificateKind == u"hc1")
        return record.signature == u"valid"
            ? tr("Certificate: EU Digital COVID Certificate, signature valid")
            : tr("Certificate: EU Digital COVID Certificate, signature not checked");
    return tr("No certificate");
}

void HealthRecordsModel::refresh()
{
    fetch<HealthRecord>(QStringLiteral("/v1/health-records"), QStringLiteral("records"),
        refusedText(),
        [this](QList<HealthRecord> records) { replaceRows(m_records, std::move(records)); });
}

bool HealthRecordsModel::takeList(const QJsonObject &answer)
{
    return takeEntries<HealthRecord>(answer, QStringLiteral("records"), refusedText(),
        [this](QList<HealthRecord> records) { replaceRows(m_records, std::move(records)); });
}

bool HealthRecordsModel::addDose(
    const QString &vaccine, int dose, const QString &date, const QString &country)
{
    QString problem;
    const std::optional<HealthDose> checked = HealthDose::check(
        vaccine, dose, date, country, QDateTime::currentDateTimeUtc().date(), &problem);
    if (!checked)
        return refuse(problem);
    if (m_sending)
        return false;
    setProblem({});
    setSending(true);
    whenFinished(this,
        api().post(QStringLiteral("/v1/health-records"), checked->toJson(),
            ApiClient::newIdempotencyKey()),
        [this, epoch = m_epoch](const ApiReply &reply) {
            if (epoch != m_epoch)
                return;
            setSending(false);
            if (!reply.ok()) {
                const QString message = FailureText::describe(reply);
                setProblem(message);
                Q_EMIT failed(message);
                return;
            }
            Q_EMIT added();
            refresh();
        });
    return true;
}

QVariantMap HealthRecordsModel::previewHc1(const QString &text) const
{
    QString problem;
    const std::optional<HealthCertificateFile> checked =
        HealthCertificateFile::fromHc1Text(text, &problem);
    if (!checked)
        return { { QStringLiteral("ok"), false }, { QStringLiteral("problem"), problem } };
    const std::optional<hc1::Hc1Certificate> certificate = hc1::decode(checked->bytes);
    if (!certificate) // fromHc1Text decoded it already
        return { { QStringLiteral("ok"), false } };
    QVariantMap preview = HealthHc1Summary::fromCertificate(*certificate).toVariantMap();
    preview.insert(QStringLiteral("ok"), true);
    preview.insert(QStringLiteral("signature"), tr("Signature not checked"));
    return preview;
}

QString HealthRecordsModel::hc1FromImage(const QString &pathOrUrl, QObject *reader)
{
    auto *codes = qobject_cast<QrImageReader *>(reader);
    if (!codes) {
        setProblem(tr("Photos cannot be read here."));
        return {};
    }
    QString problem;
    const std::optional<QString> text =
        HealthCertificateFile::hc1FromImage(pathOrUrl, *codes, &problem);
    if (!text) {
        setProblem(problem);
        return {};
    }
    setProblem({});
    return *text;
}

bool HealthRecordsModel::attachHc1(const QString &recordId, const QString &text)
{
    QString problem;
    const std::optional<HealthCertificateFile> checked =
        HealthCertificateFile::fromHc1Text(text, &problem);
    if (!checked)
        return refuse(problem);
    return upload(recordId, *checked);
}

bool HealthRecordsModel::attachFile(const QString &recordId, const QString &pathOrUrl)
{
    QString problem;
    const std::optional<HealthCertificateFile> checked =
        HealthCertificateFile::fromFile(pathOrUrl, &problem);
    if (!checked)
        return refuse(problem);
    return upload(recordId, *checked);
}

bool HealthRecordsModel::upload(const QString &recordId, const HealthCertificateFile &certificate)
{
    if (rowOf(recordId) < 0)
        return refuse(tr("Choose one of your records."));
    if (m_sending)
        return false;
    setProblem({});
    setSending(true);
    const QString path = QStringLiteral("/v1/health-records/%1/certificate")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(recordId)));
    whenFinished(this, api().putBytes(path, certificate.bytes, certificate.contentType()),
        [this, recordId, epoch = m_epoch](const ApiReply &reply) {
            if (epoch != m_epoch)
                return;
            setSending(false);
            if (!reply.ok()) {
                const QString message = FailureText::describe(reply);
                setProblem(message);
                Q_EMIT failed(message);
                return;
            }
            Q_EMIT attached(recordId);
            refresh();
        });
    return true;
}

bool HealthRecordsModel::refuse(const QString &words)
{
    setProblem(words);
    return false;
}

void HealthRecordsModel::setSending(bool sending)
{
    if (m_sending == sending)
        return;
    m_sending = sending;
    Q_EMIT sendingChanged();
}

void HealthRecordsModel::setProblem(const QString &problem)
{
    if (m_problem == problem)
        return;
    m_problem = problem;
    Q_EMIT problemChanged();
}

} // namespace tessera
