// The audience model: what it accepts (each problem with its JSON path), who is in it, and the
// members among people read from a real (SQLite) server database.
#include "audience/audience.h"
#include "domainsql.h"

#include <QJsonDocument>
#include <QTest>

using namespace tessera::server;
using tessera::test::domainExec;

namespace {

QJsonValue json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

AudienceMember person(const QString &id, const QString &department, const QString &geo,
    const QString &userType = QStringLiteral("employee"), const QStringList &roles = {})
{
    return AudienceMember { id, department, geo, userType, roles, false };
}

} // namespace

class TestAudience : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesWhatIsNotAnAudience_data();
    void refusesWhatIsNotAnAudience();
    void matchesEveryListGivenOrANamedUser();
    void everyoneButTheDisabled();
    void roundTripsThroughText();
    void membersAmongPeopleInTheDatabase();
};

void TestAudience::refusesWhatIsNotAnAudience_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("path");
    QTest::newRow("not an object") << QByteArray("[1]") << QStringLiteral("$.audience");
    QTest::newRow("empty") << QByteArray("{}") << QStringLiteral("$.audience");
    QTest::newRow("unknown field")
        << QByteArray(R"({"geos":["de"],"team":["x"]})") << QStringLiteral("$.audience.team");
    QTest::newRow("everyone false")
        << QByteArray(R"({"everyone":false})") << QStringLiteral("$.audience.everyone");
    QTest::newRow("everyone and more")
        << QByteArray(R"({"everyone":true,"geos":["de"]})") << QStringLiteral("$.audience");
    QTest::newRow("not a list") << QByteArray(R"({"geos":"de"})")
                                << QStringLiteral("$.audience.geos");
    QTest::newRow("empty list") << QByteArray(R"({"geos":[]})")
                                << QStringLiteral("$.audience.geos");
    QTest::newRow("number") << QByteArray(R"({"users":["a",2]})")
                            << QStringLiteral("$.audience.users[1]");
    QTest::newRow("blank") << QByteArray(R"({"departments":[" "]})")
                           << QStringLiteral("$.audience.departments[0]");
    QTest::newRow("role") << QByteArray(R"({"roles":["scanner","wizard"]})")
                          << QStringLiteral("$.audience.roles[1]");
    QTest::newRow("user type") << QByteArray(R"({"userTypes":["employee","guest"]})")
                               << QStringLiteral("$.audience.userTypes[1]");
    QByteArray tooLong = R"({"geos":[")" + QByteArray(Audience::maxValueLength + 1, 'x') + "\"]}";
    QTest::newRow("too long") << tooLong << QStringLiteral("$.audience.geos[0]");
    QByteArray tooMany = R"({"geos":[)";
    for (qsizetype i = 0; i <= Audience::maxValues; ++i)
        tooMany += (i ? ",\"" : "\"") + QByteArray::number(i) + '"';
    tooMany += "]}";
    QTest::newRow("too many") << tooMany << QStringLiteral("$.audience.geos");
}

void TestAudience::refusesWhatIsNotAnAudience()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, path);
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonValue value =
        document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    Audience::Problem problem;
    QVERIFY(!Audience::fromJson(value, QStringLiteral("$.audience"), &problem));
    QCOMPARE(problem.path, path);
    QVERIFY(!problem.message.isEmpty());
}

void TestAudience::matchesEveryListGivenOrANamedUser()
{
    Audience::Problem problem;
    const auto audience = Audience::fromJson(
        json(R"({"users":["u9"],"departments":["Engineering","HR"],"geos":["DE"],)"
             R"("roles":["manager"]})"),
        QStringLiteral("$"), &problem);
    QVERIFY2(audience, qPrintable(problem.message));
    const QStringList manager { QStringLiteral("manager") };
    QVERIFY(audience->contains(person(QStringLiteral("u1"), QStringLiteral("HR"),
        QStringLiteral("DE"), QStringLiteral("employee"), manager)));
    // One list not matched is out: the geo, the department, the role.
    QVERIFY(!audience->contains(person(QStringLiteral("u1"), QStringLiteral("HR"),
        QStringLiteral("FR"), QStringLiteral("employee"), manager)));
    QVERIFY(!audience->contains(person(QStringLiteral("u1"), QStringLiteral("Sales"),
        QStringLiteral("DE"), QStringLiteral("employee"), manager)));
    QVERIFY(!audience->contains(
        person(QStringLiteral("u1"), QStringLiteral("HR"), QStringLiteral("DE"))));
    // Named in users: in whatever else is true of them.
    QVERIFY(audience->contains(person(QStringLiteral("u9"), {}, {})));

    const auto usersOnly = Audience::fromJson(json(R"({"users":["u1"]})"), {}, nullptr);
    QVERIFY(usersOnly);
    QVERIFY(usersOnly->contains(person(QStringLiteral("u1"), {}, {})));
    QVERIFY(!usersOnly->contains(person(QStringLiteral("u2"), {}, {})));

    const auto types = Audience::fromJson(json(R"({"userTypes":["non_employee"]})"), {}, nullptr);
    QVERIFY(types);
    QVERIFY(types->contains(person(QStringLiteral("s1"), {}, {}, QStringLiteral("non_employee"))));
    QVERIFY(!types->contains(person(QStringLiteral("e1"), {}, {})));
}

void TestAudience::everyoneButTheDisabled()
{
    const Audience all = Audience::everyone();
    QVERIFY(all.contains(person(QStringLiteral("u1"), {}, {})));
    AudienceMember disabled = person(QStringLiteral("u1"), {}, {});
    disabled.disabled = true;
    QVERIFY(!all.contains(disabled));
    QVERIFY(!all.contains(AudienceMember {})); // unknown to the people table
}

void TestAudience::roundTripsThroughText()
{
    const auto audience = Audience::fromJson(
        json(R"({"geos":["DE","DE","FR"],"userTypes":["employee"]})"), {}, nullptr);
    QVERIFY(audience);
    QCOMPARE(
        audience->toText(), QStringLiteral(R"({"geos":["DE","FR"],"userTypes":["employee"]})"));
    QCOMPARE(Audience::fromText(audience->toText()), audience);
    QCOMPARE(Audience::fromText(Audience::everyone().toText()), Audience::everyone());
    QVERIFY(!Audience::fromText(QStringLiteral("not json")));
}

void TestAudience::membersAmongPeopleInTheDatabase()
{
    QTemporaryDir dir;
    QString error;
    auto storage = tessera::test::openDomainStorage(dir, &error);
    QVERIFY2(storage, qPrintable(error));
    const auto add = [&](const QString &id, const QString &geo, const QString &manager,
                         int disabled) {
        domainExec(*storage,
            QStringLiteral(
                "INSERT INTO users (id, kind, username, username_key, display_name, department,"
                " geo, user_type, manager_id, disabled, created_at, updated_at)"
                " VALUES (?, 'ad', ?, ?, ?, 'Engineering', ?, 'employee', ?, ?, 't', 't')"),
            { id, id, id, id, geo, manager.isEmpty() ? QVariant() : QVariant(manager), disabled });
    };
    add(QStringLiteral("boss"), QStringLiteral("DE"), {}, 0);
    add(QStringLiteral("dev1"), QStringLiteral("DE"), QStringLiteral("boss"), 0);
    add(QStringLiteral("dev2"), QStringLiteral("FR"), QStringLiteral("boss"), 0);
    add(QStringLiteral("gone"), QStringLiteral("DE"), QStringLiteral("boss"), 1);
    domainExec(*storage,
        QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES ('dev2', 'scanner')"));

    QSqlDatabase db = storage->connection();
    const QStringList everyone { QStringLiteral("dev2"), QStringLiteral("boss"),
        QStringLiteral("nobody"), QStringLiteral("gone"), QStringLiteral("dev1") };
    const auto inGermany = Audience::fromJson(json(R"({"geos":["DE"]})"), {}, nullptr);
    QCOMPARE(inGermany->membersAmong(db, everyone),
        (QStringList { QStringLiteral("boss"), QStringLiteral("dev1") }));
    // manager is derived from having reports; scanner is a stored role.
    const auto managers =
        Audience::fromJson(json(R"({"roles":["manager","scanner"]})"), {}, nullptr);
    QCOMPARE(managers->membersAmong(db, everyone),
        (QStringList { QStringLiteral("dev2"), QStringLiteral("boss") }));
    QCOMPARE(Audience::everyone().membersAmong(db, everyone),
        (QStringList { QStringLiteral("dev2"), QStringLiteral("boss"), QStringLiteral("dev1") }));
    const auto one = AudienceMember::loadOne(db, QStringLiteral("dev2"));
    QVERIFY(one);
    QCOMPARE(one->geo, QStringLiteral("FR"));
    QCOMPARE(one->roles, QStringList { QStringLiteral("scanner") });
    QVERIFY(AudienceMember::loadOne(db, QStringLiteral("nobody"))->id.isEmpty());
}

QTEST_GUILESS_MAIN(TestAudience)
#include "tst_audience.moc"
