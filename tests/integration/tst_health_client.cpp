// Health records on the client against the real server over TLS: core's
// HealthRecordsModel as the app's page uses it, through the client stack's Health feature.
// - a dose with bad input (a vaccine not on the list, dose 0 or 11, a future or malformed date,
//   an unknown country) is refused with words and nothing reaches the server;
// - every vaccine of the client's list is one the server accepts (the lists cannot part);
// - Mira (the medical role) verifies one dose and rejects another with a reason: after a
//   refresh the model shows "Verified", and "Rejected" with the reason;
// - a certificate: a file over 5 MiB and a file that is no photo/PDF/HC1 are refused before
//   sending; a PNG is attached (kind image); an HC1 code made by an independent encoder
//   (tests/data/make_hc1_vectors.py) is decoded by the app into its name, date of birth and doses
//   with "signature not checked", also when read from a photo of its QR code, and the server's
//   decoding of it reaches the model.
#include "health/healthcertificatefile.h"
#include "health/healthrecordsmodel.h"
#include "health/qrimagereader.h"
#include "inboxserverfixture.h"
#include "protocol/healthwire.h"
#include "scanner/qrdecoder.h"
#include "scanner/qrencoder.h"

#include <QProcess>

using namespace tessera;
using namespace tessera::test;

// The app's QrImageReader is the plugin Tessera.QrCodes' (qml/qrcodes, covered end to end by
// tst_app_e2e_health); here the same decoder behind the same interface, without QML.
class StillReader : public QObject, public QrImageReader
{
    Q_OBJECT
    Q_INTERFACES(tessera::QrImageReader)
public:
    QList<QByteArray> readStill(const QImage &grey) override
    {
        QrDecoder decoder;
        return decoder.decodeStill(LumaView {
            grey.constBits(), grey.width(), grey.height(), int(grey.bytesPerLine()), 1 });
    }
};

class TestHealthClient : public QObject, protected InboxServerFixture
{
    Q_OBJECT

    std::unique_ptr<ServerProcess> m_server;
    QJsonObject m_valid; // one of the independent encoder's valid codes, with its fields

    std::unique_ptr<Installation> benDevice(SecretStore &secrets)
    {
        auto ben = std::make_unique<Installation>(m_server->url(), m_ca.caFile(), secrets,
            m_deviceInfo, Session::Options { newDatabasePath(), QStringLiteral("ben-phone"), {} },
            ClientStack::Feature::Health);
        return ben;
    }

    int serverCount(const QString &token)
    {
        const HttpResult list = httpRequest(
            "GET", m_server->url(QStringLiteral("/v1/health-records")), {}, bearer(token));
        return int(list.json().value(QStringLiteral("records")).toArray().size());
    }

    static bool refreshed(HealthRecordsModel &model)
    {
        model.refresh();
        return QTest::qWaitFor([&] { return !model.isLoading(); }, kTimeout)
            && model.error().isEmpty();
    }

    // Adds a dose and waits for the list that follows; false when the server refused it.
    static bool add(HealthRecordsModel &model, const QString &vaccine, int dose,
        const QString &date, const QString &country = QStringLiteral("DE"))
    {
        QSignalSpy added(&model, &HealthRecordsModel::added);
        QSignalSpy failed(&model, &HealthRecordsModel::failed);
        if (!model.addDose(vaccine, dose, date, country))
            return false;
        if (!QTest::qWaitFor([&] { return !added.isEmpty() || !failed.isEmpty(); }, kTimeout))
            return false;
        return !added.isEmpty() && QTest::qWaitFor([&] { return !model.isLoading(); }, kTimeout);
    }

    static QVariant role(const HealthRecordsModel &model, const QString &id, int role)
    {
        return model.data(model.index(model.rowOf(id)), role);
    }

    static bool attachedTo(HealthRecordsModel &model, const QString &id, bool sent)
    {
        QSignalSpy attached(&model, &HealthRecordsModel::attached);
        QSignalSpy failed(&model, &HealthRecordsModel::failed);
        if (!sent)
            return false;
        return QTest::qWaitFor([&] { return !attached.isEmpty() || !failed.isEmpty(); }, kTimeout)
            && !attached.isEmpty() && attached.at(0).at(0).toString() == id
            && QTest::qWaitFor([&] { return !model.isLoading(); }, kTimeout);
    }

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        startParts();
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(serverOptions()), qPrintable(m_server->error()));
        const QString out = m_dir.filePath(QStringLiteral("hc1"));
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral(TESSERA_HC1_VECTORS_SCRIPT), out });
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
            python.readAll().constData());
        QFile vectors(QDir(out).filePath(QStringLiteral("vectors.json")));
        QVERIFY(vectors.open(QIODevice::ReadOnly));
        const QJsonObject all = QJsonDocument::fromJson(vectors.readAll()).object();
        m_valid = all.value(QStringLiteral("valid")).toArray().at(0).toObject();
        QVERIFY(m_valid.value(QStringLiteral("code")).toString().startsWith(u"HC1:"));
    }

    void cleanupTestCase() { m_server.reset(); }

    void badDosesSendNothing()
    {
        MemorySecretStore secrets;
        auto ben = benDevice(secrets);
        auto *model = ben->stack->part<HealthRecordsModel>();
        QVERIFY(model);
        QVERIFY(signIn(*ben, *m_server, QStringLiteral("Ben Okafor")));
        const QString token = tokenOf(*m_server, QStringLiteral("Ben Okafor"));
        const int before = serverCount(token);
        const QString today = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
        const QString tomorrow =
            QDateTime::currentDateTimeUtc().date().addDays(1).toString(Qt::ISODate);
        const QString vaccine = healthwire::vaccines().constFirst().code;
        struct Bad
        {
            QString vaccine;
            int dose;
            QString date;
            QString country;
            QString word; // of the reason
        };
        const QList<Bad> bad {
            { QStringLiteral("EU/9/99/9999"), 1, today, QStringLiteral("DE"), u"vaccine"_qs },
            { QString(), 1, today, QStringLiteral("DE"), u"vaccine"_qs },
            { vaccine, 0, today, QStringLiteral("DE"), u"1 to 10"_qs },
            { vaccine, 11, today, QStringLiteral("DE"), u"1 to 10"_qs },
            { vaccine, 1, tomorrow, QStringLiteral("DE"), u"future"_qs },
            { vaccine, 1, QStringLiteral("30.06.2021"), QStringLiteral("DE"), u"YYYY-MM-DD"_qs },
            { vaccine, 1, QStringLiteral("2021-02-30"), QStringLiteral("DE"), u"YYYY-MM-DD"_qs },
            { vaccine, 1, today, QStringLiteral("XX"), u"country"_qs },
            { vaccine, 1, today, QStringLiteral("Germany"), u"country"_qs },
        };
        for (const Bad &each : bad) {
            QSignalSpy sending(model, &HealthRecordsModel::sendingChanged);
            QVERIFY2(!model->addDose(each.vaccine, each.dose, each.date, each.country),
                qPrintable(each.date + each.country));
            QVERIFY2(model->problem().contains(each.word), qPrintable(model->problem()));
            QVERIFY(sending.isEmpty());
        }
        QTest::qWait(200);
        QCOMPARE(serverCount(token), before);
        // Small letters and spaces around the country are the person's, not an error.
        QVERIFY(add(*model, vaccine, 1, today, QStringLiteral(" de ")));
        QVERIFY(model->problem().isEmpty());
        QCOMPARE(serverCount(token), before + 1);
        QCOMPARE(model->rowCount(), before + 1);
    }

    void everyVaccineIsTheServers()
    {
        MemorySecretStore secrets;
        auto ben = benDevice(secrets);
        auto *model = ben->stack->part<HealthRecordsModel>();
        QVERIFY(signIn(*ben, *m_server, QStringLiteral("Asha Rao")));
        QVERIFY(refreshed(*model));
        const int before = model->rowCount();
        QCOMPARE(model->vaccines().size(), healthwire::vaccines().size());
        for (const healthwire::Vaccine &vaccine : healthwire::vaccines())
            QVERIFY2(
                add(*model, vaccine.code, 2, QStringLiteral("2021-03-01"), QStringLiteral("IN")),
                qPrintable(vaccine.code + u' ' + model->problem()));
        QCOMPARE(model->rowCount(), before + healthwire::vaccines().size());
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row);
            QCOMPARE(index.data(HealthRecordsModel::VaccineNameRole).toString(),
                healthwire::vaccineName(index.data(HealthRecordsModel::VaccineRole).toString()));
        }
    }

    void medicalStaffDecide()
    {
        MemorySecretStore secrets;
        auto ben = benDevice(secrets);
        auto *model = ben->stack->part<HealthRecordsModel>();
        QVERIFY(signIn(*ben, *m_server, QStringLiteral("Ben Okafor")));
        QVERIFY(add(*model, QStringLiteral("EU/1/20/1507"), 3, QStringLiteral("2022-01-10")));
        QVERIFY(add(*model, QStringLiteral("INFLUENZA"), 1, QStringLiteral("2023-10-05")));
        QString spikevax, influenza;
        for (const HealthRecord &record : model->records()) {
            if (record.vaccine == u"EU/1/20/1507" && record.dose == 3)
                spikevax = record.id;
            if (record.vaccine == u"INFLUENZA" && record.date == QDate(2023, 10, 5))
                influenza = record.id;
        }
        QVERIFY(!spikevax.isEmpty() && !influenza.isEmpty());
        QCOMPARE(role(*model, spikevax, HealthRecordsModel::StateRole).toString(), u"pending"_qs);
        QCOMPARE(role(*model, spikevax, HealthRecordsModel::StateTextRole).toString(),
            u"Waiting for medical staff"_qs);
        QCOMPARE(role(*model, spikevax, HealthRecordsModel::DateRole).toString(), u"2022-01-10"_qs);
        QCOMPARE(role(*model, spikevax, HealthRecordsModel::CountryRole).toString(), u"DE"_qs);

        const QString mira = tokenOf(*m_server, QStringLiteral("Mira Nurse"));
        const QString reason = QStringLiteral("The date on the photo is 2023-10-06 <b>not</b> 05");
        QCOMPARE(httpRequest("POST",
                     m_server->url(QStringLiteral("/v1/medical/records/%1/verify").arg(spikevax)),
                     "{}", bearer(mira))
                     .status,
            200);
        QCOMPARE(
            httpRequest("POST",
                m_server->url(QStringLiteral("/v1/medical/records/%1/reject").arg(influenza)),
                compactJson(QJsonObject { { QStringLiteral("comment"), reason } }), bearer(mira))
                .status,
            200);
        QVERIFY(refreshed(*model));
        QCOMPARE(role(*model, spikevax, HealthRecordsModel::StateRole).toString(), u"verified"_qs);
        QCOMPARE(
            role(*model, spikevax, HealthRecordsModel::StateTextRole).toString(), u"Verified"_qs);
        QCOMPARE(role(*model, influenza, HealthRecordsModel::StateRole).toString(), u"rejected"_qs);
        QCOMPARE(role(*model, influenza, HealthRecordsModel::ReasonRole).toString(), reason);

        // Signed out: the list is emptied.
        QVERIFY(ben->run([&] { ben->session->signOut(); }));
        QCOMPARE(model->rowCount(), 0);
    }

    void certificates()
    {
        MemorySecretStore secrets;
        auto ben = benDevice(secrets);
        auto *model = ben->stack->part<HealthRecordsModel>();
        QVERIFY(signIn(*ben, *m_server, QStringLiteral("Asha Rao")));
        QVERIFY(add(*model, QStringLiteral("EU/1/20/1528"), 1, QStringLiteral("2021-05-02")));
        QVERIFY(add(*model, QStringLiteral("EU/1/20/1528"), 2, QStringLiteral("2021-06-02")));
        QString first, second;
        for (const HealthRecord &record : model->records()) {
            if (record.date == QDate(2021, 5, 2))
                first = record.id;
            if (record.date == QDate(2021, 6, 2))
                second = record.id;
        }
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        QCOMPARE(
            role(*model, first, HealthRecordsModel::CertificateKindRole).toString(), QString());

        // Refused before sending: too large (checked on the file's size), not a certificate,
        // no file, a record that is not the person's.
        QByteArray big("\x89PNG\r\n\x1a\n", 8);
        big.resize(HealthCertificateFile::maxBytes + 1, 'x');
        QSignalSpy sending(model, &HealthRecordsModel::sendingChanged);
        QVERIFY(!model->attachFile(first, writeFile(QStringLiteral("big.png"), big)));
        QVERIFY2(model->problem().contains(u"5 MiB"), qPrintable(model->problem()));
        QVERIFY(!model->attachFile(first, writeFile(QStringLiteral("notes.txt"), "hello")));
        QVERIFY2(model->problem().contains(u"not a photo"), qPrintable(model->problem()));
        QVERIFY(!model->attachFile(first, m_dir.filePath(QStringLiteral("absent.png"))));
        QVERIFY(!model->attachFile(QStringLiteral("hr_someone_else"),
            writeFile(QStringLiteral("small.png"), QByteArray("\x89PNG\r\n\x1a\n", 8) + "data")));
        QVERIFY(!model->attachHc1(first, QStringLiteral("HC1:NOT A CODE")));
        QVERIFY2(model->problem().contains(u"does not decode"), qPrintable(model->problem()));
        QVERIFY(sending.isEmpty());

        // A PNG (a file: URL, as a picker gives it).
        const QString png =
            writeFile(QStringLiteral("photo.png"), QByteArray("\x89PNG\r\n\x1a\n", 8) + "pixels");
        QVERIFY(attachedTo(
            *model, first, model->attachFile(first, QUrl::fromLocalFile(png).toString())));
        QCOMPARE(
            role(*model, first, HealthRecordsModel::CertificateKindRole).toString(), u"image"_qs);
        QCOMPARE(role(*model, first, HealthRecordsModel::CertificateTextRole).toString(),
            u"Certificate: a photo"_qs);

        // HC1: decoded by the app first, from the text and from a photo of its QR code.
        const QString code = m_valid.value(QStringLiteral("code")).toString();
        const QJsonObject fields = m_valid.value(QStringLiteral("fields")).toObject();
        const QString name = fields.value(QStringLiteral("givenName")).toString() + u' '
            + fields.value(QStringLiteral("familyName")).toString();
        const QVariantMap preview = model->previewHc1(u"  "_qs + code + u"\n"_qs);
        QVERIFY(preview.value(QStringLiteral("ok")).toBool());
        QCOMPARE(preview.value(QStringLiteral("name")).toString(), name);
        QCOMPARE(preview.value(QStringLiteral("dateOfBirth")).toString(),
            fields.value(QStringLiteral("dateOfBirth")).toString());
        const QStringList doses = preview.value(QStringLiteral("doses")).toStringList();
        QCOMPARE(doses.size(), fields.value(QStringLiteral("vaccinations")).toArray().size());
        const QJsonObject v0 =
            fields.value(QStringLiteral("vaccinations")).toArray().at(0).toObject();
        QVERIFY2(doses.at(0).contains(v0.value(QStringLiteral("date")).toString()),
            qPrintable(doses.at(0)));
        QCOMPARE(
            preview.value(QStringLiteral("signature")).toString(), u"Signature not checked"_qs);
        QVERIFY(!model->previewHc1(code.left(code.size() - 10)).value(u"ok"_qs).toBool());

        const QImage qr = QrEncoder::render(code.toLatin1(), 4, 4);
        const QString qrPath = m_dir.filePath(QStringLiteral("hc1.png"));
        QVERIFY(qr.save(qrPath));
        StillReader reader;
        QCOMPARE(model->hc1FromImage(qrPath, &reader), code);
        QVERIFY(model->hc1FromImage(png, &reader).isEmpty());
        QVERIFY(!model->problem().isEmpty());
        // Anything but a QrImageReader is refused, with words.
        QObject notAReader;
        QVERIFY(model->hc1FromImage(qrPath, &notAReader).isEmpty());
        QVERIFY(!model->problem().isEmpty());
        QVERIFY(model->hc1FromImage(qrPath, nullptr).isEmpty());
        QVERIFY(!model->problem().isEmpty());

        QVERIFY(attachedTo(*model, second, model->attachHc1(second, code)));
        QCOMPARE(
            role(*model, second, HealthRecordsModel::CertificateKindRole).toString(), u"hc1"_qs);
        QCOMPARE(
            role(*model, second, HealthRecordsModel::SignatureRole).toString(), u"not_checked"_qs);
        QCOMPARE(role(*model, second, HealthRecordsModel::CertificateTextRole).toString(),
            u"Certificate: EU Digital COVID Certificate, signature not checked"_qs);
        const QVariantMap server = role(*model, second, HealthRecordsModel::Hc1Role).toMap();
        QCOMPARE(server.value(QStringLiteral("name")).toString(), name);
        QCOMPARE(server.value(QStringLiteral("doses")).toStringList(), doses);
    }
};

QTEST_GUILESS_MAIN(TestHealthClient)
#include "tst_health_client.moc"
