#pragma once

#include "health/healthrecord.h"
#include "lists/fetchedlistmodel.h"

#include <QList>
#include <QVariantList>
#include <QVariantMap>

namespace tessera {

class AuthorizedApi;
class SessionScope;
struct HealthCertificateFile;

// My health records: the signed-in person's vaccination records (GET /v1/health-records, newest
// dose first) with their state (pending, verified, rejected with its reason) and certificate;
// registering a dose (checked here as the server checks it: bad input gets its words in problem
// and nothing is sent); attaching a certificate from a file or an HC1 text, the HC1 decoded first
// (previewHc1) so the person sees what it says, its signature "not checked" by the app. Refreshed
// when the page opens and after each change (no change-feed kind carries health records). Nothing
// cached; emptied at sign-out; nothing of the records logged. The list itself (count, loading,
// error, the read of the answer) is a FetchedListModel's; sending and problem are its own.
class HealthRecordsModel : public tessera::FetchedListModel
{
    Q_OBJECT
    // A dose or a certificate is on its way.
    Q_PROPERTY(bool sending READ isSending NOTIFY sendingChanged)
    // Why the last dose or certificate was refused (here or by the server), in words.
    Q_PROPERTY(QString problem READ problem NOTIFY problemChanged)
    // The vaccines the server knows: [{code, name}].
    Q_PROPERTY(QVariantList vaccines READ vaccines CONSTANT)
public:
    enum Role {
        RecordIdRole = Qt::UserRole + 1,
        VaccineRole,
        VaccineNameRole,
        DoseRole,
        DateRole, // YYYY-MM-DD
        CountryRole,
        StateRole, // pending, verified, rejected
        StateTextRole,
        ReasonRole,
        CertificateKindRole, // "", image, pdf, hc1
        CertificateTextRole, // the certificate in words
        SignatureRole, // hc1: valid, not_checked
        Hc1Role, // hc1: {name, dateOfBirth, doses}, else an empty map
    };
    Q_ENUM(Role)

    explicit HealthRecordsModel(AuthorizedApi &api, SessionScope &scope, QObject *parent = nullptr);
    ~HealthRecordsModel() override;

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool isSending() const { return m_sending; }
    QString problem() const { return m_problem; }
    QVariantList vaccines() const;
    const QList<HealthRecord> &records() const { return m_records; }
    int rowOf(const QString &recordId) const;

    Q_INVOKABLE void refresh();
    // Takes an answer of GET /v1/health-records ({"records": [...]}): the whole list, or none of
    // it (false, error set) when a record is not what the API says.
    bool takeList(const QJsonObject &answer);
    // false (problem set) when refused before sending.
    Q_INVOKABLE bool addDose(
        const QString &vaccine, int dose, const QString &date, const QString &country);
    // The decoded HC1 text for the person to read before it is sent: {ok, problem, name,
    // dateOfBirth, doses, signature} (signature: "not checked" in words: the app has no trust
    // list).
    Q_INVOKABLE QVariantMap previewHc1(const QString &text) const;
    // The HC1 text in a photo's QR code, or empty (problem set). reader: the page's
    // QrImageReader (import Tessera.QrCodes), which implements the interface of
    // health/qrimagereader.h; anything else is refused.
    Q_INVOKABLE QString hc1FromImage(const QString &pathOrUrl, QObject *reader);
    // false (problem set) when refused before sending.
    Q_INVOKABLE bool attachHc1(const QString &recordId, const QString &text);
    Q_INVOKABLE bool attachFile(const QString &recordId, const QString &pathOrUrl);

    static QString stateText(const QString &state);
    // Why a list answer was not taken, in words.
    static QString refusedText();
    static QString certificateText(const HealthRecord &record);

Q_SIGNALS:
    void sendingChanged();
    void problemChanged();
    // The server stored the dose / the certificate.
    void added();
    void attached(const QString &recordId);
    // The server refused or could not be reached (message: why, in words).
    void failed(const QString &message);

protected:
    qsizetype size() const override { return m_records.size(); }
    void sessionEnded() override;

private:
    bool refuse(const QString &words);
    bool upload(const QString &recordId, const HealthCertificateFile &certificate);
    void setSending(bool sending);
    void setProblem(const QString &problem);

    QList<HealthRecord> m_records;
    bool m_sending = false;
    QString m_problem;
    quint64 m_epoch = 0; // of the session: a send answered after a sign-out is dropped
};

} // namespace tessera
