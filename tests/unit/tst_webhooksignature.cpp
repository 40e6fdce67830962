// The webhook signature test vectors of docs/INTEGRATION.md (tests/data/webhook-signature-vectors
// .json, made with Python's hmac by make_webhook_vectors.py) against the server's signing code,
// and against the two verifiers the guide gives integrators: the Python example's (hmac, run by
// /usr/bin/python3) and the shell example's (openssl dgst -hmac).
#include "childprocess.h"
#include "subsystems/webhookdispatcher.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;
using namespace tessera::test;

namespace {

QJsonArray vectors()
{
    QFile file(QStringLiteral(TESSERA_WEBHOOK_VECTORS_FILE));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll())
        .object()
        .value(QStringLiteral("vectors"))
        .toArray();
}

QString example(const char *relative)
{
    return QStringLiteral(TESSERA_SOURCE_DIR "/examples/") + QLatin1String(relative);
}

} // namespace

class TestWebhookSignature : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverSignsTheVectors_data()
    {
        QTest::addColumn<QJsonObject>("vector");
        const QJsonArray all = vectors();
        QVERIFY(all.size() >= 3);
        for (const auto &value : all) {
            const QJsonObject vector = value.toObject();
            QTest::newRow(qPrintable(vector.value(QStringLiteral("name")).toString())) << vector;
        }
    }

    void serverSignsTheVectors()
    {
        QFETCH(QJsonObject, vector);
        const QByteArray body = vector.value(QStringLiteral("body")).toString().toUtf8();
        const qint64 stamp = vector.value(QStringLiteral("timestamp")).toInteger();
        const QJsonArray secrets = vector.value(QStringLiteral("secrets")).toArray();
        QVERIFY(!secrets.isEmpty());
        // One "t=…,v1=…" per secret; during a rotation's overlap the header carries each secret's
        // v1 in order after one t.
        QByteArray header;
        for (const auto &secret : secrets) {
            const QByteArray one =
                WebhookDispatcher::signature({ secret.toString().toUtf8() }, stamp, body);
            QVERIFY(one.startsWith(QByteArray("t=" + QByteArray::number(stamp) + ",v1=")));
            header += header.isEmpty() ? one : one.mid(one.indexOf(','));
        }
        QCOMPARE(header, vector.value(QStringLiteral("expectedHeader")).toString().toLatin1());
        // The secret is the HMAC key as given: without its "whsec_" prefix it signs otherwise.
        const QByteArray bare = WebhookDispatcher::signature(
            { secrets.first().toString().toUtf8().mid(6) }, stamp, body);
        QVERIFY(!header.contains(bare.mid(bare.indexOf(",v1=") + 4)));
    }

    void pythonVerifiesTheVectors()
    {
        // A second implementation: the guide's Python example, with hmac and hashlib.
        const RunResult run = runProgram(QStringLiteral("/usr/bin/python3"),
            { example("python/tessera_subsystem.py"), QStringLiteral("verify-vectors"),
                QStringLiteral(TESSERA_WEBHOOK_VECTORS_FILE) });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QVERIFY2(run.output.contains("3 vectors, 0 failures"), run.output.constData());
    }

    void shellVerifiesTheVectors()
    {
        // A third: the guide's shell example (openssl dgst -sha256 -hmac).
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QJsonArray all = vectors();
        for (const auto &value : all) {
            const QJsonObject vector = value.toObject();
            const QString bodyFile = dir.filePath(QStringLiteral("body.json"));
            QFile file(bodyFile);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(vector.value(QStringLiteral("body")).toString().toUtf8());
            file.close();
            const QString stamp =
                QString::number(vector.value(QStringLiteral("timestamp")).toInteger());
            const QString header = vector.value(QStringLiteral("expectedHeader")).toString();
            const auto verify = [&](const QString &secret, qint64 skew) {
                QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                environment.insert(QStringLiteral("TESSERA_WEBHOOK_SECRET"), secret);
                return runProgram(QStringLiteral("/bin/sh"),
                    { example("shell/verify-webhook.sh"), header, bodyFile,
                        QString::number(stamp.toLongLong() + skew) },
                    std::chrono::seconds(30), {}, environment);
            };
            const QJsonArray secrets = vector.value(QStringLiteral("secrets")).toArray();
            for (const auto &secret : secrets) {
                const RunResult valid = verify(secret.toString(), 0);
                QVERIFY2(valid.exitCode == 0, valid.output.constData());
                QCOMPARE(verify(secret.toString(), 301).exitCode, 1); // t too old
            }
            QCOMPARE(verify(secrets.first().toString().mid(6), 0).exitCode, 1); // no prefix
        }
    }
};

QTEST_GUILESS_MAIN(TestWebhookSignature)
#include "tst_webhooksignature.moc"
