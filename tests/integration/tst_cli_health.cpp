// tessera-cli health / health add and medical pending|verify|reject end to end, against the real
// server over TLS with the tokens in the real Secret Service: Ben registers doses with the CLI
// (a future date and an unknown vaccine are refused with the server's words, nothing stored);
// Mira (the medical role) sees them pending, verifies one and rejects the other with a reason;
// Ben's list shows both decisions; Ben himself is refused the medical commands.
#include "cliinboxfixture.h"

#include <QFile>
#include <QProcess>

using namespace tessera::test;

class TestCliHealth : public QObject, protected CliInboxFixture
{
    Q_OBJECT

    QString m_miraData;

    RunResult mira(const QStringList &arguments, bool json = true)
    {
        return cli(arguments, {}, json, m_miraData);
    }

    static QJsonObject lineWithId(const RunResult &result, const QString &id)
    {
        for (const QByteArray &line : result.output.trimmed().split('\n')) {
            QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.value(QStringLiteral("id")).toString() == id)
                return object;
        }
        return {};
    }

    RunResult add(const QString &vaccine, const QString &dose, const QString &date)
    {
        return cli({ QStringLiteral("health"), QStringLiteral("add"), QStringLiteral("--vaccine"),
            vaccine, QStringLiteral("--dose"), dose, QStringLiteral("--date"), date,
            QStringLiteral("--country"), QStringLiteral("IN") });
    }

private Q_SLOTS:
    void initTestCase()
    {
        startServerAndSignInBen();
        m_miraData = m_dir.filePath(QStringLiteral("mira"));
        QVERIFY(m_cli.login(m_miraData, *m_server, QStringLiteral("Mira Nurse")));
    }
    void cleanupTestCase()
    {
        if (m_server && m_server->isRunning())
            mira({ QStringLiteral("logout") });
        signOutBen();
    }

    void recordsThroughTheMedicalRole()
    {
        const RunResult none = cli({ QStringLiteral("health") }, {}, false);
        QVERIFY2(none.exitCode == 0, none.output.constData());
        QVERIFY2(none.output.contains("No health records."), none.output.constData());

        const RunResult first =
            add(QStringLiteral("EU/1/20/1528"), QStringLiteral("1"), QStringLiteral("2026-02-01"));
        QVERIFY2(first.exitCode == 0, first.output.constData());
        const QJsonObject one = QJsonDocument::fromJson(first.output.trimmed()).object();
        QCOMPARE(one.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        const QString oneId = one.value(QStringLiteral("id")).toString();
        const RunResult second =
            add(QStringLiteral("EU/1/20/1528"), QStringLiteral("2"), QStringLiteral("2026-03-01"));
        QVERIFY2(second.exitCode == 0, second.output.constData());
        const QString twoId = QJsonDocument::fromJson(second.output.trimmed())
                                  .object()
                                  .value(QStringLiteral("id"))
                                  .toString();

        // Refusals: the server's words, exit 1, nothing stored; a missing option is usage (2).
        const RunResult future =
            add(QStringLiteral("EU/1/20/1528"), QStringLiteral("3"), QStringLiteral("2099-01-01"));
        QCOMPARE(future.exitCode, 1);
        QVERIFY2(future.output.contains("future"), future.output.constData());
        const RunResult unknown =
            add(QStringLiteral("NOPE-1"), QStringLiteral("1"), QStringLiteral("2026-01-01"));
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.output.contains("unknown_vaccine"), unknown.output.constData());
        QCOMPARE(cli({ QStringLiteral("health"), QStringLiteral("add"), QStringLiteral("--vaccine"),
                         QStringLiteral("EU/1/20/1528") })
                     .exitCode,
            2);
        const RunResult listed = cli({ QStringLiteral("health") });
        QCOMPARE(listed.output.trimmed().split('\n').size(), 2);

        // Ben has no medical role.
        const RunResult refused = cli({ QStringLiteral("medical"), QStringLiteral("pending") });
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.output.contains("forbidden"), refused.output.constData());

        const RunResult pending =
            mira({ QStringLiteral("medical"), QStringLiteral("pending") }, false);
        QVERIFY2(pending.exitCode == 0, pending.output.constData());
        QVERIFY2(pending.output.contains(oneId.toUtf8()) && pending.output.contains(twoId.toUtf8())
                && pending.output.contains("Ben Okafor"),
            pending.output.constData());

        const RunResult verified =
            mira({ QStringLiteral("medical"), QStringLiteral("verify"), oneId }, false);
        QVERIFY2(verified.exitCode == 0, verified.output.constData());
        QVERIFY2(verified.output.contains("is verified"), verified.output.constData());
        QCOMPARE(mira({ QStringLiteral("medical"), QStringLiteral("reject"), twoId }).exitCode, 2);
        const RunResult rejected = mira({ QStringLiteral("medical"), QStringLiteral("reject"),
            twoId, QStringLiteral("--comment"), QStringLiteral("The date does not match.") });
        QVERIFY2(rejected.exitCode == 0, rejected.output.constData());

        const RunResult after = cli({ QStringLiteral("health") });
        QCOMPARE(lineWithId(after, oneId).value(QStringLiteral("state")).toString(),
            QStringLiteral("verified"));
        QCOMPARE(lineWithId(after, twoId).value(QStringLiteral("reason")).toString(),
            QStringLiteral("The date does not match."));
        const RunResult text = cli({ QStringLiteral("health") }, {}, false);
        QVERIFY2(
            text.output.contains("rejected (The date does not match.)"), text.output.constData());
        const RunResult empty =
            mira({ QStringLiteral("medical"), QStringLiteral("pending") }, false);
        QVERIFY2(empty.output.contains("No records wait"), empty.output.constData());
    }

    // --certificate: a photo goes with the dose (the record says so); a file
    // that is no photo, PDF or HC1 code is refused before anything is registered.
    void certificateWithTheDose()
    {
        const QString photo = m_dir.filePath(QStringLiteral("card.png"));
        QByteArray bytes("\x89PNG\r\n\x1a\n", 8);
        bytes.append(QByteArray(2048, 'p'));
        QFile file(photo);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
        file.close();
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile notes(text);
        QVERIFY(notes.open(QIODevice::WriteOnly) && notes.write("just notes") > 0);
        notes.close();
        const int before = cli({ QStringLiteral("health") }).output.trimmed().split('\n').size();

        const QStringList dose { QStringLiteral("health"), QStringLiteral("add"),
            QStringLiteral("--vaccine"), QStringLiteral("TETANUS"), QStringLiteral("--dose"),
            QStringLiteral("1"), QStringLiteral("--date"), QStringLiteral("2026-05-05"),
            QStringLiteral("--country"), QStringLiteral("DE"), QStringLiteral("--certificate") };
        const RunResult refused = cli(dose + QStringList { text });
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.output.contains("bad_certificate"), refused.output.constData());
        QCOMPARE(cli({ QStringLiteral("health") }).output.trimmed().split('\n').size(), before);

        const RunResult added = cli(dose + QStringList { photo });
        QVERIFY2(added.exitCode == 0, added.output.constData());
        const QJsonObject record = QJsonDocument::fromJson(added.output.trimmed()).object();
        QCOMPARE(record.value(QStringLiteral("certificate"))
                     .toObject()
                     .value(QStringLiteral("kind"))
                     .toString(),
            QStringLiteral("image"));
        QCOMPARE(cli({ QStringLiteral("health") }).output.trimmed().split('\n').size(), before + 1);
    }

    // An HC1 code (tests/data/make_hc1_vectors.py, fresh names every run) with the dose: the
    // record holds its decoded fields, and `health` prints them with the signature's state (this
    // server has no issuer key); a truncated code is refused with the decoder's reason.
    void hc1CertificateFieldsShown()
    {
        const QString out = m_dir.filePath(QStringLiteral("hc1"));
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral(TESSERA_HC1_VECTORS_SCRIPT), out });
        QVERIFY2(python.waitForFinished(60000), "the Python encoder did not finish");
        QVERIFY2(python.exitCode() == 0, python.readAll().constData());
        QFile vectorsFile(out + QStringLiteral("/vectors.json"));
        QVERIFY(vectorsFile.open(QIODevice::ReadOnly));
        const QJsonObject vectors = QJsonDocument::fromJson(vectorsFile.readAll()).object();
        const auto first = [&vectors](const char *list, const char *name) {
            for (const QJsonValue v : vectors.value(QLatin1StringView(list)).toArray()) {
                if (v.toObject().value(QStringLiteral("name")).toString()
                    == QLatin1StringView(name))
                    return v.toObject();
            }
            return QJsonObject();
        };
        const QJsonObject tagged = first("valid", "tagged");
        const QJsonObject written = tagged.value(QStringLiteral("fields")).toObject();
        const QJsonObject dose =
            written.value(QStringLiteral("vaccinations")).toArray().at(0).toObject();
        const auto save = [this](const QString &name, const QString &code) {
            const QString path = m_dir.filePath(name);
            QFile file(path);
            const QByteArray bytes = code.toLatin1() + '\n'; // as an editor saves it
            return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() ? path
                                                                                        : QString();
        };
        const QString good =
            save(QStringLiteral("dcc.txt"), tagged.value(QStringLiteral("code")).toString());
        const QString cut = save(QStringLiteral("cut.txt"),
            first("broken", "truncated").value(QStringLiteral("code")).toString());
        QVERIFY(!good.isEmpty() && !cut.isEmpty());

        const QStringList add { QStringLiteral("health"), QStringLiteral("add"),
            QStringLiteral("--vaccine"), QStringLiteral("EU/1/20/1528"), QStringLiteral("--dose"),
            QStringLiteral("2"), QStringLiteral("--date"), QStringLiteral("2021-06-01"),
            QStringLiteral("--country"), QStringLiteral("DE"), QStringLiteral("--certificate") };
        const RunResult added = cli(add + QStringList { good });
        QVERIFY2(added.exitCode == 0, added.output.constData());
        const QJsonObject certificate = QJsonDocument::fromJson(added.output.trimmed())
                                            .object()
                                            .value(QStringLiteral("certificate"))
                                            .toObject();
        QCOMPARE(certificate.value(QStringLiteral("kind")).toString(), QStringLiteral("hc1"));
        QCOMPARE(certificate.value(QStringLiteral("signature")).toString(),
            QStringLiteral("not_checked"));
        QCOMPARE(certificate.value(QStringLiteral("fields"))
                     .toObject()
                     .value(QStringLiteral("familyName")),
            written.value(QStringLiteral("familyName")));

        const RunResult shown = cli({ QStringLiteral("health") }, {}, false);
        QVERIFY2(shown.exitCode == 0, shown.output.constData());
        const QString text = QString::fromUtf8(shown.output);
        QVERIFY2(
            text.contains(QStringLiteral("HC1: signature not checked")), shown.output.constData());
        QVERIFY2(text.contains(QStringLiteral("Name: %1, %2, born %3")
                                   .arg(written.value(QStringLiteral("familyName")).toString(),
                                       written.value(QStringLiteral("givenName")).toString(),
                                       written.value(QStringLiteral("dateOfBirth")).toString())),
            shown.output.constData());
        QVERIFY2(text.contains(QStringLiteral("Dose %1/%2 of %3 on %4 in %5, issued by %6")
                                   .arg(QString::number(dose.value(QStringLiteral("dose")).toInt()),
                                       QString::number(dose.value(QStringLiteral("doses")).toInt()),
                                       dose.value(QStringLiteral("product")).toString(),
                                       dose.value(QStringLiteral("date")).toString(),
                                       dose.value(QStringLiteral("country")).toString(),
                                       dose.value(QStringLiteral("issuer")).toString())),
            shown.output.constData());

        // The medical role's queue shows the same lines under the record.
        const RunResult queue =
            mira({ QStringLiteral("medical"), QStringLiteral("pending") }, false);
        QVERIFY2(queue.exitCode == 0, queue.output.constData());
        QVERIFY2(QString::fromUtf8(queue.output)
                     .contains(QStringLiteral("HC1: signature not checked\n    Name: %1, %2")
                                   .arg(written.value(QStringLiteral("familyName")).toString(),
                                       written.value(QStringLiteral("givenName")).toString())),
            queue.output.constData());

        const RunResult refused = cli(add + QStringList { cut });
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.output.contains("ends early"), refused.output.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliHealth)
#include "tst_cli_health.moc"
