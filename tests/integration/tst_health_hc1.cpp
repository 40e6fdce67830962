// HC1 certificates (EU Digital COVID Certificates) on health records against the real server,
// SQLite and PostgreSQL: codes made at test time by an independent Python encoder
// (tests/data/make_hc1_vectors.py, a fresh key and fresh names every run). A valid code is
// decoded into the record's certificate.fields; its signature is "not_checked" on a server
// without issuer keys and "valid" on one started with --hc1-issuer-key of the signing key; a
// forged, altered or other issuer's code there is 422 with nothing stored; a truncated code is 422
// with the decoder's reason everywhere; --hc1-issuer-key repeats and takes certificates; a key
// file that is not one stops the server at start.
#include "healthfixture.h"

#include <QDir>
#include <QFile>
#include <QProcess>

using namespace tessera::test;

class TestHealthHc1 : public QObject, protected HealthFixture
{
    Q_OBJECT

    QJsonObject m_vectors;
    QString m_issuerPem; // the signing key alone (issuer.pem also holds another's certificate)

    static QString keyed(const QString &kind) { return kind + QStringLiteral("-keyed"); }

    QJsonObject vector(const char *list, const char *name) const
    {
        for (const QJsonValue v : m_vectors.value(QLatin1StringView(list)).toArray()) {
            if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1StringView(name))
                return v.toObject();
        }
        return {};
    }

    QByteArray code(const char *list, const char *name) const
    {
        return vector(list, name).value(QStringLiteral("code")).toString().toLatin1();
    }

    bool startServer(const QString &kind, bool withKey, QString *problem)
    {
        auto stage = std::make_unique<Stage>();
        const QString name = withKey ? keyed(kind) : kind;
        stage->clockFile = m_dir.filePath(name + QStringLiteral(".clock"));
        ServerProcess::Options options;
        options.now = kStart;
        options.database = databaseForKind(
            m_postgres, kind, withKey ? QStringLiteral("hc1keyed") : QStringLiteral("hc1"));
        options.extraArguments << QStringLiteral("--clock-file") << stage->clockFile;
        if (withKey)
            options.extraArguments << QStringLiteral("--hc1-issuer-key") << m_issuerPem;
        stage->database = options.database;
        if (!publish::writeClock(stage->clockFile, 0) || !stage->server.start(options)) {
            *problem = name + QStringLiteral(": no server: ") + stage->server.error();
            return false;
        }
        m_stages[name] = std::move(stage);
        return true;
    }

    // A new dose of Ben's on the server, its id.
    QString newRecord(const ServerProcess &srv, const QString &token, int number)
    {
        return idOfAdded(srv, token, dose(kComirnaty, number, QStringLiteral("2026-06-01")));
    }

    int certificateRows(const QString &kind, const QString &recordId)
    {
        return sqlInt(kind,
            QStringLiteral("SELECT COUNT(*) FROM health_certificates WHERE record_id = '%1'")
                .arg(recordId));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString out = m_dir.filePath(QStringLiteral("hc1"));
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral(TESSERA_HC1_VECTORS_SCRIPT), out });
        QVERIFY2(python.waitForFinished(60000), "the Python encoder did not finish");
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
            python.readAll().constData());
        QFile vectors(QDir(out).filePath(QStringLiteral("vectors.json")));
        QVERIFY(vectors.open(QIODevice::ReadOnly));
        m_vectors = QJsonDocument::fromJson(vectors.readAll()).object();
        // The signing key alone, as PEM (the first of pemKeys is the issuer's SPKI DER).
        const QByteArray der = QByteArray::fromHex(
            m_vectors.value(QStringLiteral("pemKeys")).toArray().at(0).toString().toLatin1());
        QVERIFY(!der.isEmpty());
        QByteArray pem = "-----BEGIN PUBLIC KEY-----\n";
        const QByteArray base64 = der.toBase64();
        for (qsizetype i = 0; i < base64.size(); i += 64)
            pem += base64.mid(i, 64) + '\n';
        pem += "-----END PUBLIC KEY-----\n";
        m_issuerPem = m_dir.filePath(QStringLiteral("issuer-only.pem"));
        QFile file(m_issuerPem);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(pem) == pem.size());
        file.close();

        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QString problem;
        for (const QString &kind : { QStringLiteral("sqlite"), QStringLiteral("postgresql") }) {
            QVERIFY2(startServer(kind, false, &problem), qPrintable(problem));
            QVERIFY2(startServer(kind, true, &problem), qPrintable(problem));
        }
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void validCodeWithoutKeyIsDecodedNotChecked_data() { addDatabaseKinds(); }
    void validCodeWithoutKeyIsDecodedNotChecked()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString mira = signIn(srv, QStringLiteral("Mira Nurse"));
        const QString id = newRecord(srv, ben, 2);
        const QJsonObject tagged = vector("valid", "tagged");
        const QByteArray text = tagged.value(QStringLiteral("code")).toString().toLatin1();
        // A trailing line end (a file saved by an editor) is not part of the code.
        const HttpResult put = putCertificate(srv, ben, id, "text/plain", text + "\r\n");
        QVERIFY2(put.status == 200, put.body.constData());
        QVERIFY(fits(
            QStringLiteral("PUT"), QStringLiteral("/v1/health-records/{id}/certificate"), put));
        const HttpResult list = records(srv, ben);
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/health-records"), list));
        const QJsonObject certificate =
            recordIn(list, id).value(QStringLiteral("certificate")).toObject();
        QCOMPARE(certificate.value(QStringLiteral("kind")).toString(), QStringLiteral("hc1"));
        QCOMPARE(certificate.value(QStringLiteral("signature")).toString(),
            QStringLiteral("not_checked"));
        // The fields as Python wrote them.
        const QJsonObject fields = certificate.value(QStringLiteral("fields")).toObject();
        const QJsonObject written = tagged.value(QStringLiteral("fields")).toObject();
        for (const char *key : { "familyName", "givenName", "dateOfBirth", "issuerCountry" })
            QCOMPARE(fields.value(QLatin1StringView(key)), written.value(QLatin1StringView(key)));
        QVERIFY(fields.value(QStringLiteral("familyName")).toString().startsWith(u"Müller"));
        const QJsonArray doses = fields.value(QStringLiteral("vaccinations")).toArray();
        const QJsonArray writtenDoses = written.value(QStringLiteral("vaccinations")).toArray();
        QCOMPARE(doses.size(), writtenDoses.size());
        QVERIFY(!doses.isEmpty());
        for (qsizetype i = 0; i < doses.size(); ++i) {
            for (const char *key :
                { "product", "vaccine", "dose", "doses", "date", "country", "issuer" }) {
                QCOMPARE(doses.at(i).toObject().value(QLatin1StringView(key)),
                    writtenDoses.at(i).toObject().value(QLatin1StringView(key)));
            }
        }
        // At rest the fields are sealed: the column holds neither the name nor the birth date.
        const ServerSqlResult stored = runServerSql(srv.dataDir(), stage(kind).database,
            QStringLiteral("SELECT fields FROM health_certificates WHERE record_id = '%1'")
                .arg(id));
        QVERIFY2(stored.ok && stored.hasRow, qPrintable(stored.error));
        const QString column = stored.value.toString();
        QVERIFY(column.startsWith(u"sealed1:"));
        for (const char *key : { "familyName", "givenName", "dateOfBirth" }) {
            const QString plain = written.value(QLatin1StringView(key)).toString();
            QVERIFY2(!plain.isEmpty() && !column.contains(plain), key);
        }
        // The medical role sees the same certificate, and gets the code without its line end.
        const HttpResult pending = get(srv, mira, QStringLiteral("/v1/medical/pending"));
        QVERIFY(fits(QStringLiteral("GET"), QStringLiteral("/v1/medical/pending"), pending));
        QCOMPARE(
            recordIn(pending, id).value(QStringLiteral("certificate")).toObject(), certificate);
        QCOMPARE(getCertificate(srv, mira, id).body, text);
    }

    void validCodeWithIssuerKeyIsValid_data() { addDatabaseKinds(); }
    void validCodeWithIssuerKeyIsValid()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(keyed(kind));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        for (const char *name : { "tagged", "cwt-tag" }) {
            const QString id = newRecord(srv, ben, 1);
            const HttpResult put = putCertificate(srv, ben, id, "text/plain", code("valid", name));
            QVERIFY2(put.status == 200, put.body.constData());
            const QJsonObject certificate = put.json()
                                                .value(QStringLiteral("record"))
                                                .toObject()
                                                .value(QStringLiteral("certificate"))
                                                .toObject();
            QCOMPARE(
                certificate.value(QStringLiteral("signature")).toString(), QStringLiteral("valid"));
            QCOMPARE(certificate.value(QStringLiteral("fields"))
                         .toObject()
                         .value(QStringLiteral("familyName")),
                vector("valid", name)
                    .value(QStringLiteral("fields"))
                    .toObject()
                    .value(QStringLiteral("familyName")));
        }
        // An algorithm the server cannot check (PS256) is kept as not checked, not refused.
        const QString ps = newRecord(srv, ben, 3);
        const HttpResult put =
            putCertificate(srv, ben, ps, "text/plain", code("signatures", "ps256-not-checked"));
        QVERIFY2(put.status == 200, put.body.constData());
        QCOMPARE(recordIn(records(srv, ben), ps)
                     .value(QStringLiteral("certificate"))
                     .toObject()
                     .value(QStringLiteral("signature"))
                     .toString(),
            QStringLiteral("not_checked"));
    }

    void forgedCodeIsRefusedAndNothingStored_data() { addDatabaseKinds(); }
    void forgedCodeIsRefusedAndNothingStored()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(keyed(kind));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString id = newRecord(srv, ben, 4);
        for (const char *name : { "forged", "altered-payload", "other-key", "short-signature" }) {
            const QByteArray forged = code("signatures", name);
            QVERIFY(!forged.isEmpty());
            const HttpResult refused = putCertificate(srv, ben, id, "text/plain", forged);
            QVERIFY2(refused.status == 422, refused.body.constData());
            QCOMPARE(errorCode(refused), QStringLiteral("hc1_signature_invalid"));
            QVERIFY(refused.json()
                        .value(QStringLiteral("error"))
                        .toObject()
                        .value(QStringLiteral("message"))
                        .toString()
                        .contains(QStringLiteral("signature does not verify")));
            QVERIFY(fits(QStringLiteral("PUT"),
                QStringLiteral("/v1/health-records/{id}/certificate"), refused));
        }
        QCOMPARE(certificateRows(keyed(kind), id), 0);
        QCOMPARE(recordIn(records(srv, ben), id).value(QStringLiteral("certificate")),
            QJsonValue(QJsonValue::Null));
    }

    void brokenCodeIsRefusedWithItsReason_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("withKey");
        for (const QString &kind : { QStringLiteral("sqlite"), QStringLiteral("postgresql") }) {
            QTest::newRow(qPrintable(kind)) << kind << false;
            QTest::newRow(qPrintable(keyed(kind))) << kind << true;
        }
    }
    void brokenCodeIsRefusedWithItsReason()
    {
        QFETCH(QString, kind);
        QFETCH(bool, withKey);
        const QString name = withKey ? keyed(kind) : kind;
        const ServerProcess &srv = server(name);
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        const QString id = newRecord(srv, ben, 5);
        for (const char *broken : { "truncated", "bad-zlib", "not-cose", "hcert-missing",
                 "test-certificate", "bad-dose", "inflation-bomb" }) {
            const QJsonObject v = vector("broken", broken);
            const HttpResult refused = putCertificate(
                srv, ben, id, "text/plain", v.value(QStringLiteral("code")).toString().toLatin1());
            QVERIFY2(refused.status == 422, broken);
            QCOMPARE(errorCode(refused), QStringLiteral("hc1_unreadable"));
            const QString message = refused.json()
                                        .value(QStringLiteral("error"))
                                        .toObject()
                                        .value(QStringLiteral("message"))
                                        .toString();
            QVERIFY2(message.contains(v.value(QStringLiteral("reason")).toString()),
                qPrintable(message));
        }
        QCOMPARE(certificateRows(name, id), 0);
        QCOMPARE(recordIn(records(srv, ben), id).value(QStringLiteral("certificate")),
            QJsonValue(QJsonValue::Null));
    }

    // --hc1-issuer-key is repeatable and takes a signer's certificate as well as a bare key:
    // with the other issuer's certificate (the second block of the script's issuer.pem) and the
    // signing key, each issuer's code is valid.
    void issuerKeyFilesRepeated()
    {
        QFile both(m_dir.filePath(QStringLiteral("hc1/issuer.pem")));
        QVERIFY(both.open(QIODevice::ReadOnly));
        const QByteArray pem = both.readAll();
        const qsizetype at = pem.indexOf("-----BEGIN CERTIFICATE-----");
        QVERIFY(at > 0);
        const QString certificateFile = m_dir.filePath(QStringLiteral("other-certificate.pem"));
        QFile other(certificateFile);
        QVERIFY(other.open(QIODevice::WriteOnly) && other.write(pem.mid(at)) == pem.size() - at);
        other.close();
        ServerProcess srv;
        ServerProcess::Options options;
        options.now = kStart;
        options.extraArguments << QStringLiteral("--hc1-issuer-key") << certificateFile
                               << QStringLiteral("--hc1-issuer-key") << m_issuerPem;
        QVERIFY2(srv.start(options), qPrintable(srv.error()));
        const QString ben = signIn(srv, QStringLiteral("Ben Okafor"));
        for (const char *name : { "other-key", "right-key" }) {
            const QString id = newRecord(srv, ben, 6);
            const HttpResult put =
                putCertificate(srv, ben, id, "text/plain", code("signatures", name));
            QVERIFY2(put.status == 200, put.body.constData());
            QCOMPARE(put.json()
                         .value(QStringLiteral("record"))
                         .toObject()
                         .value(QStringLiteral("certificate"))
                         .toObject()
                         .value(QStringLiteral("signature"))
                         .toString(),
                QStringLiteral("valid"));
        }
    }

    void badIssuerKeyFileStopsTheServer()
    {
        const QString p384 = m_dir.filePath(QStringLiteral("hc1/p384.pem"));
        const QString missing = m_dir.filePath(QStringLiteral("no-such.pem"));
        for (const QString &file : { p384, missing }) {
            ServerProcess refused;
            ServerProcess::Options options;
            options.extraArguments << QStringLiteral("--hc1-issuer-key") << file;
            QVERIFY(!refused.start(options));
            QVERIFY2(refused.output().contains("--hc1-issuer-key")
                    && refused.output().contains(file.toUtf8()),
                refused.output().constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestHealthHc1)
#include "tst_health_hc1.moc"
