// Strict decoding of the pass and its trust material: the QR's structure, text limits, random and
// mutated input, the trust list, check processes and the trust bundle; malformed input gives a
// clear error.
#include "passfixture.h"

using namespace tessera;
using namespace tessera::pass;
using namespace tessera::test;

class TestPassStrict : public QObject, protected PassFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void strictStructure_data()
    {
        QTest::addColumn<QByteArray>("cbor");
        QTest::addColumn<QString>("detail");
        const QByteArray signedPass = *issuePass(claims(), m_issuer.secretKey);
        const QByteArray signature(64, 'x');
        const auto qrArray = [](const QCborArray &array) { return QCborValue(array).toCbor(); };
        QTest::newRow("map") << QCborValue(QCborMap {}).toCbor() << QStringLiteral("not [");
        QTest::newRow("two elements") << qrArray({ signedPass, 1 }) << QStringLiteral("not [");
        QTest::newRow("four elements")
            << qrArray({ signedPass, 1, signature, 0 }) << QStringLiteral("not [");
        QTest::newRow("step as text")
            << qrArray({ signedPass, QStringLiteral("1"), signature }) << QStringLiteral("step");
        QTest::newRow("negative step")
            << qrArray({ signedPass, -1, signature }) << QStringLiteral("step");
        QTest::newRow("short signature")
            << qrArray({ signedPass, 1, QByteArray(63, 'x') }) << QStringLiteral("64 bytes");
        QTest::newRow("pass as text")
            << qrArray({ QStringLiteral("pass"), 1, signature }) << QStringLiteral("not [");
        QTest::newRow("signed pass not CBOR")
            << qrArray({ QByteArray("\xff\xff"), 1, signature }) << QStringLiteral("signed pass");
        QTest::newRow("signed pass, 3 elements") << qrArray(
            { QCborValue(QCborArray { QByteArray("p"), signature, 1 }).toCbor(), 1, signature })
                                                 << QStringLiteral("signed pass");
        QTest::newRow("tagged step")
            << qrArray({ signedPass, QCborValue(QCborTag(2), QByteArray("\x01")), signature })
            << QStringLiteral("step");
        QTest::newRow("indefinite garbage")
            << QByteArrayLiteral("\x9f\x9f\x9f") << QStringLiteral("CBOR");
        QTest::newRow("huge byte string")
            << QByteArrayLiteral("\x83\x5b\x7f\xff\xff\xff\xff\xff\xff\xff")
            << QStringLiteral("CBOR");
        QTest::newRow("huge array")
            << QByteArrayLiteral("\x9b\x7f\xff\xff\xff\xff\xff\xff\xff") << QStringLiteral("CBOR");
        QTest::newRow("deep nesting") << QByteArray(300, '\x81') << QStringLiteral("CBOR");
        QTest::newRow("deep nesting, closed")
            << QByteArray(240, '\x81') + QByteArray(1, '\x00') << QStringLiteral("nested deeper");
        QTest::newRow("nesting a pass never needs, closed")
            << QByteArray(20, '\x81') + QByteArray(1, '\x00') << QStringLiteral("not [");
        // Definite lengths and shortest heads only (docs/PASS_FORMAT.md), at every layer.
        const QByteArray valid = qrArray({ signedPass, 1, signature });
        QTest::newRow("indefinite-length outer array") << QByteArray(1, '\x9f') + valid.mid(1)
                + QByteArray(1, '\xff') << QStringLiteral("indefinite-length");
        QTest::newRow("step in a long head")
            << QByteArray(1, '\x83') + QCborValue(signedPass).toCbor()
                + QByteArrayLiteral("\x1a\x00\x00\x00\x01") + QCborValue(signature).toCbor()
            << QStringLiteral("shortest form");
        QTest::newRow("indefinite-length signed pass inside") << qrArray(
            { QByteArray(QByteArray(1, '\x9f') + signedPass.mid(1) + QByteArray(1, '\xff')), 1,
                signature }) << QStringLiteral("indefinite-length");
    }
    void strictStructure()
    {
        QFETCH(QByteArray, cbor);
        QFETCH(QString, detail);
        const Verdict verdict = verify(qrOfCbor(cbor), m_office);
        QCOMPARE(verdict.kind, VerdictKind::Deny);
        QCOMPARE(verdict.reason, Reason::Malformed);
        QVERIFY2(verdict.detail.contains(detail), qPrintable(verdict.detail));
        QVERIFY(!verdict.pass);
    }

    void textLimits()
    {
        QCOMPARE(verify(QString(100000, QLatin1Char('A')), m_office).reason, Reason::TooLong);
        QCOMPARE(verify(QStringLiteral("TS1:") + QString(maxQrTextLength - 3, QLatin1Char('0')),
                     m_office)
                     .reason,
            Reason::TooLong);
        QCOMPARE(
            verify(QStringLiteral("TS1:\u00e9\u00e9\u00e9"), m_office).reason, Reason::Malformed);
        QCOMPARE(verify(QStringLiteral("TS1"), m_office).reason, Reason::WrongPrefix);
        QCOMPARE(verify(QStringLiteral("TS1:"), m_office).reason, Reason::Malformed);
        QCOMPARE(
            verify(QStringLiteral("https://example.com/"), m_office).reason, Reason::WrongPrefix);
    }

    // Random and mutated input always gives a deny verdict with a message, never a crash.
    void randomInputIsDenied()
    {
        const QString valid = qrFor(claims(), now);
        const QByteArray validBytes = *base45::decode(valid.mid(4).toLatin1());
        QRandomGenerator random(7);
        for (int i = 0; i < 3000; ++i) {
            QString text;
            switch (i % 3) {
            case 0: { // random bytes behind the prefix
                QByteArray bytes(random.bounded(300), Qt::Uninitialized);
                for (char &byte : bytes)
                    byte = char(random.bounded(256));
                text = qrOfCbor(bytes);
                break;
            }
            case 1: { // one byte of a valid code changed
                QByteArray bytes = validBytes;
                bytes[random.bounded(bytes.size())] = char(random.bounded(256));
                text = qrOfCbor(bytes);
                break;
            }
            default: // a valid code cut short
                text = valid.left(random.bounded(valid.size()));
                break;
            }
            const Verdict verdict = verify(text, m_office);
            if (text == valid)
                continue;
            QVERIFY2(verdict.kind == VerdictKind::Deny, qPrintable(text));
            QVERIFY(!verdict.message.isEmpty());
        }
    }

    void trustListIsStrict_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unknown top field")
            << QByteArray(R"({"keys":[],"extra":1})") << QStringLiteral("extra");
        QTest::newRow("keys not array") << QByteArray(R"({"keys":{}})") << QStringLiteral("keys");
        QTest::newRow("unknown key field") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01T00:00:00Z","use":"sig"}]})")
                                           << QStringLiteral("use");
        QTest::newRow("short key") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAA","notBefore":"2026-01-01T00:00:00Z"}]})")
                                   << QStringLiteral("32 bytes");
        QTest::newRow("bad time") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01"}]})")
                                  << QStringLiteral("notBefore");
        QTest::newRow("notAfter first") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01T00:00:00Z","notAfter":"2025-01-01T00:00:00Z"}]})")
                                        << QStringLiteral("notAfter");
        QTest::newRow("duplicate") << QByteArray(
            R"({"keys":[{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01T00:00:00Z"},{"keyId":"k","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","notBefore":"2026-01-01T00:00:00Z"}]})")
                                   << QStringLiteral("twice");
    }
    void trustListIsStrict()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        QString error;
        QVERIFY(!TrustList::fromJson(QJsonDocument::fromJson(json).object(), &error));
        QVERIFY2(error.contains(problem), qPrintable(error));
    }

    void checkProcessIsStrict_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unknown field")
            << QByteArray(R"({"name":"a","title":"A","claim":"a","rule":{"values":{}},"x":1})")
            << QStringLiteral("x: unknown");
        QTest::newRow("unknown rule field") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{},"default":{}}})")
                                            << QStringLiteral("default");
        QTest::newRow("unknown outcome field") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"ok":{"verdict":"allow","colour":"green"}}}})")
                                               << QStringLiteral("colour");
        QTest::newRow("bad verdict") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"ok":{"verdict":"maybe"}}}})")
                                     << QStringLiteral("verdict");
        QTest::newRow("action without text") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"ok":{"verdict":"action"}}}})")
                                             << QStringLiteral("action: is missing");
        QTest::newRow("allow with action") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"ok":{"verdict":"allow","action":"Go"}}}})")
                                           << QStringLiteral("only with");
        QTest::newRow("bad name") << QByteArray(
            R"({"name":"Office Entry","title":"A","claim":"a","rule":{"values":{}}})")
                                  << QStringLiteral("name");
        QTest::newRow("empty title")
            << QByteArray(R"({"name":"a","title":" ","claim":"a","rule":{"values":{}}})")
            << QStringLiteral("title");
        QTest::newRow("numeric claim")
            << QByteArray(R"({"name":"a","title":"A","claim":5,"rule":{"values":{}}})")
            << QStringLiteral("claim");
        QTest::newRow("no rule") << QByteArray(R"({"name":"a","title":"A","claim":"a"})")
                                 << QStringLiteral("rule");
        QTest::newRow("bad value name") << QByteArray(
            R"({"name":"a","title":"A","claim":"a","rule":{"values":{"OK":{"verdict":"allow"}}}})")
                                        << QStringLiteral("OK");
    }
    void checkProcessIsStrict()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        QString error;
        QVERIFY(!CheckProcess::fromJson(QJsonDocument::fromJson(json).object(), &error));
        QVERIFY2(error.contains(problem), qPrintable(error));
    }

    void checkProcessListRoundTrip()
    {
        const QJsonObject list { { QStringLiteral("processes"),
            QJsonArray { m_office.toJson(), m_medical.toJson() } } };
        QString error;
        const auto processes = CheckProcess::listFromJson(list, &error);
        QVERIFY2(processes, qPrintable(error));
        QCOMPARE(processes->size(), 2);
        QCOMPARE(processes->at(1), m_medical);
        const QJsonObject twice { { QStringLiteral("processes"),
            QJsonArray { m_office.toJson(), m_office.toJson() } } };
        QVERIFY(!CheckProcess::listFromJson(twice, &error));
        QVERIFY2(error.contains(QStringLiteral("twice")), qPrintable(error));
    }

    // The offline trust file (tessera-cli trust save / scan --trust): what goes in comes out,
    // and it is read as strictly as the server's answers it is made of.
    void trustBundleRoundTripAndStrictness()
    {
        TrustBundle bundle;
        bundle.trust = m_trust;
        bundle.processes = { m_office, m_medical };
        bundle.revoked = { QStringLiteral("p9"), QStringLiteral("p2") };
        bundle.syncedAt = QDateTime::fromSecsSinceEpoch(issuedAt, Qt::UTC);
        const QJsonObject json = bundle.toJson();
        QCOMPARE(json.value(QStringLiteral("revoked")).toArray(),
            QJsonArray({ QStringLiteral("p2"), QStringLiteral("p9") })); // sorted
        QString error;
        const auto back = TrustBundle::fromJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->trust.toJson(), m_trust.toJson());
        QCOMPARE(back->processes, bundle.processes);
        QCOMPARE(back->revoked, bundle.revoked);
        QCOMPARE(back->syncedAt, bundle.syncedAt);

        const auto refused = [&json](const QString &field, const QJsonValue &value,
                                 const QString &problem) {
            QJsonObject changed = json;
            if (value.isUndefined())
                changed.remove(field);
            else
                changed.insert(field, value);
            QString why;
            if (TrustBundle::fromJson(changed, &why))
                return QStringLiteral("accepted");
            return why.contains(problem) ? QString() : why;
        };
        QCOMPARE(refused(QStringLiteral("extra"), 1, QStringLiteral("unknown field")), QString());
        QCOMPARE(refused(QStringLiteral("format"), QStringLiteral("tessera-trust-2"),
                     QStringLiteral("format")),
            QString());
        QCOMPARE(refused(QStringLiteral("syncedAt"), QStringLiteral("yesterday"),
                     QStringLiteral("syncedAt")),
            QString());
        QCOMPARE(refused(QStringLiteral("trust"), QJsonValue::Undefined, QStringLiteral("trust")),
            QString());
        QCOMPARE(refused(QStringLiteral("checkProcesses"), QJsonArray(),
                     QStringLiteral("checkProcesses")),
            QString());
        QCOMPARE(refused(QStringLiteral("revoked"), QJsonArray { 7 }, QStringLiteral("revoked")),
            QString());
        QCOMPARE(refused(QStringLiteral("revoked"), QJsonArray { QString(65, u'p') },
                     QStringLiteral("revoked")),
            QString());
    }
};

QTEST_GUILESS_MAIN(TestPassStrict)
#include "tst_pass_strict.moc"
