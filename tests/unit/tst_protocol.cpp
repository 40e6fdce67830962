#include "protocol/apierror.h"
#include "protocol/healthstatus.h"
#include "protocol/jsonfields.h"
#include "protocol/version.h"
#include "protocol/wiretime.h"

#include <QJsonDocument>
#include <QTest>

using namespace tessera;

class TestProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void apiErrorRoundTrip()
    {
        const ApiError error { QStringLiteral("not_found"), QStringLiteral("No such thing.") };
        const QJsonObject json = error.toJson();
        QCOMPARE(QJsonDocument(json).toJson(QJsonDocument::Compact),
            QByteArray(R"({"error":{"code":"not_found","message":"No such thing."}})"));
        const auto back = ApiError::fromJson(json);
        QVERIFY(back);
        QCOMPARE(back->code, error.code);
        QCOMPARE(back->message, error.message);
    }

    void apiErrorRejectsOtherShapes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArrayLiteral("{}");
        QTest::newRow("string error") << QByteArray(R"({"error":"boom"})");
        QTest::newRow("no code") << QByteArray(R"({"error":{"message":"x"}})");
        QTest::newRow("empty code") << QByteArray(R"({"error":{"code":"","message":"x"}})");
        QTest::newRow("numeric code") << QByteArray(R"({"error":{"code":5,"message":"x"}})");
        QTest::newRow("no message") << QByteArray(R"({"error":{"code":"x"}})");
    }
    void apiErrorRejectsOtherShapes()
    {
        QFETCH(QByteArray, body);
        QVERIFY(!ApiError::fromJson(QJsonDocument::fromJson(body).object()));
    }

    void healthParses()
    {
        QString error;
        const auto health = HealthStatus::fromJson(
            QJsonDocument::fromJson(R"({"status":"ok","version":"1.2.3","database":"postgresql"})")
                .object(),
            &error);
        QVERIFY2(health, qPrintable(error));
        QCOMPARE(health->status, QStringLiteral("ok"));
        QCOMPARE(health->version, QStringLiteral("1.2.3"));
        QCOMPARE(health->database, QStringLiteral("postgresql"));
        QCOMPARE(HealthStatus::fromJson(health->toJson())->database, health->database);
    }

    void healthRejectsBadInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("missing version")
            << QByteArray(R"({"status":"ok","database":"sqlite"})") << QStringLiteral("version");
        QTest::newRow("numeric status")
            << QByteArray(R"({"status":1,"version":"1","database":"sqlite"})")
            << QStringLiteral("status");
        QTest::newRow("unknown database")
            << QByteArray(R"({"status":"ok","version":"1","database":"oracle"})")
            << QStringLiteral("database");
    }
    void healthRejectsBadInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QString error;
        QVERIFY(!HealthStatus::fromJson(QJsonDocument::fromJson(body).object(), &error));
        QVERIFY2(error.startsWith(field), qPrintable(error));
    }

    void unknownFieldsAreListed()
    {
        const QJsonObject object { { QStringLiteral("b"), 1 }, { QStringLiteral("a"), 2 },
            { QStringLiteral("ok"), 3 } };
        QCOMPARE(json::unknownFields(object, { QStringLiteral("ok") }),
            QStringList({ QStringLiteral("a"), QStringLiteral("b") }));
    }

    void wireTimeFormat()
    {
        const QDateTime time(QDate(2026, 11, 29), QTime(10, 42, 0), Qt::UTC);
        QCOMPARE(wiretime::format(time), QStringLiteral("2026-11-29T10:42:00Z"));
        const QDateTime offset(
            QDate(2026, 11, 29), QTime(16, 12, 0), Qt::OffsetFromUTC, 5 * 3600 + 1800);
        QCOMPARE(wiretime::format(offset), QStringLiteral("2026-11-29T10:42:00Z"));
    }

    void wireTimeParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("utc");
        QTest::newRow("zulu") << QStringLiteral("2026-11-29T10:42:00Z") << true
                              << QStringLiteral("2026-11-29T10:42:00Z");
        QTest::newRow("offset") << QStringLiteral("2026-11-29T16:12:00+05:30") << true
                                << QStringLiteral("2026-11-29T10:42:00Z");
        QTest::newRow("fraction") << QStringLiteral("2026-11-29T10:42:00.250Z") << true
                                  << QStringLiteral("2026-11-29T10:42:00Z");
        QTest::newRow("date only") << QStringLiteral("2026-11-29") << false << QString();
        QTest::newRow("no zone") << QStringLiteral("2026-11-29T10:42:00") << false << QString();
        QTest::newRow("month 13") << QStringLiteral("2026-13-29T10:42:00Z") << false << QString();
        QTest::newRow("garbage") << QStringLiteral("yesterday") << false << QString();
    }
    void wireTimeParse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, utc);
        const auto parsed = wiretime::parse(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(wiretime::format(*parsed), utc);
    }

    void versionIsTheProjectVersion()
    {
        QCOMPARE(productVersion(), QStringLiteral(TESSERA_VERSION));
        QVERIFY(!productVersion().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
