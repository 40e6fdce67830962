// The stand-in account of an erased person, against the real server (SQLite and PostgreSQL): Sam,
// a local ID granted the publisher role, posts news and deletes his own account; his post is
// handed to a stand-in ("Former employee", users.stand_in). The admin cannot enable or disable
// it, reset its password, give it roles or statuses (409 stand_in_account, nothing changed), and
// it never signs in, even when someone wrote a password and enabled it in the database.
#include "privacyfixture.h"

using namespace tessera::test;

class TestPrivacyStandIn : public QObject, protected PrivacyFixture
{
    Q_OBJECT

    // The users' rows and the audit trail, to tell that a refused call changed nothing.
    QByteArray accountsDigest(const QString &kind)
    {
        QStringList lines;
        for (const QString &table : { QStringLiteral("users"), QStringLiteral("user_roles"),
                 QStringLiteral("audit_log"), QStringLiteral("login_failures") })
            for (const QVariantList &row : rows(kind, QStringLiteral("SELECT * FROM ") + table)) {
                QStringList values;
                for (const QVariant &value : row)
                    values.append(value.isNull() ? QStringLiteral("NULL") : value.toString());
                lines.append(table + u':' + values.join(u'|'));
            }
        lines.sort();
        return QCryptographicHash::hash(lines.join(u'\n').toUtf8(), QCryptographicHash::Sha256)
            .toHex();
    }

    // The admin's call on the stand-in: refused with 409 stand_in_account, in the API's shape.
    static void refused(const HttpResult &result, const QString &method, const QString &path)
    {
        QVERIFY2(result.status == 409, result.body.constData());
        QCOMPARE(errorCode(result), QStringLiteral("stand_in_account"));
        QVERIFY(!result.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString()
                     .isEmpty());
        QVERIFY(fits(method, path, result));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString problem;
        QVERIFY2(startStages(QStringLiteral("standin"), &problem), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_stages.clear();
        m_postgres.stop();
    }

    void standInIsNeverChangedOrSignedIn_data() { addDatabaseKinds(); }
    void standInIsNeverChangedOrSignedIn()
    {
        QFETCH(QString, kind);
        const ServerProcess &srv = server(kind);
        const QJsonObject sam = demoAccount(srv, QStringLiteral("Sam Guard"));
        const QString samId = sam.value(QStringLiteral("userId")).toString();
        QCOMPARE(grantPublisher(srv, samId), 200);
        const QString token =
            signIn(srv, QStringLiteral("Sam Guard"), QStringLiteral("sam-standin-1"));
        const QString post = putOwn(srv, token, QStringLiteral("farewell"),
            NewsFixture::post(QStringLiteral("Farewell from the guards"), everyone()));
        QVERIFY(!post.isEmpty());
        const HttpResult deleted = httpRequest("POST", srv.url(QStringLiteral("/v1/me/deletion")),
            compactJson(QJsonObject {
                { QStringLiteral("password"), sam.value(QStringLiteral("password")) } }),
            bearer(token));
        QVERIFY2(deleted.status == 200, deleted.body.constData());

        // His post kept, under the stand-in: a disabled local account without password, marked.
        const QStringList standIns = column(kind,
            QStringLiteral("SELECT id FROM users WHERE stand_in = 1 AND kind = 'local' AND"
                           " disabled = 1 AND password_hash IS NULL AND display_name ="
                           " 'Former employee'"));
        QCOMPARE(standIns.size(), 1);
        const QString &standIn = standIns.first();
        QVERIFY(standIn != samId);
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM users WHERE stand_in = 1 OR id = '%1'")
                         .arg(samId)),
            1);

        // Every change of the admin's is refused, and changes nothing.
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        const QByteArray before = accountsDigest(kind);
        const QString disabledPath = QStringLiteral("/v1/admin/users/{id}/disabled");
        for (const bool disabled : { false, true })
            refused(httpRequest("POST",
                        srv.url(QStringLiteral("/v1/admin/users/%1/disabled").arg(standIn)),
                        compactJson(QJsonObject { { QStringLiteral("disabled"), disabled } }),
                        bearer(admin)),
                QStringLiteral("POST"), disabledPath);
        refused(httpRequest("POST",
                    srv.url(QStringLiteral("/v1/admin/local-users/%1/reset-password").arg(standIn)),
                    {}, bearer(admin)),
            QStringLiteral("POST"), QStringLiteral("/v1/admin/local-users/{id}/reset-password"));
        for (const QJsonArray &roles :
            { QJsonArray { QStringLiteral("publisher") }, QJsonArray {} })
            refused(
                httpRequest("PUT", srv.url(QStringLiteral("/v1/admin/users/%1/roles").arg(standIn)),
                    compactJson(QJsonObject { { QStringLiteral("roles"), roles } }), bearer(admin)),
                QStringLiteral("PUT"), QStringLiteral("/v1/admin/users/{id}/roles"));
        refused(httpRequest("PUT",
                    srv.url(QStringLiteral("/v1/admin/users/%1/statuses/fire-warden").arg(standIn)),
                    compactJson(QJsonObject { { QStringLiteral("value"), QStringLiteral("yes") } }),
                    bearer(admin)),
            QStringLiteral("PUT"), QStringLiteral("/v1/admin/users/{id}/statuses/{claim}"));
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM user_statuses WHERE user_id = '%1'")
                         .arg(standIn)),
            0);
        QCOMPARE(accountsDigest(kind), before);

        // Someone writes Mira's password into the stand-in's row and enables it: local sign-in
        // still never finds it (the same password signs Mira in).
        const QJsonObject mira = demoAccount(srv, QStringLiteral("Mira Nurse"));
        rows(kind,
            QStringLiteral("UPDATE users SET password_hash = (SELECT password_hash FROM users"
                           " WHERE id = '%1'), disabled = 0 WHERE id = '%2'")
                .arg(mira.value(QStringLiteral("userId")).toString(), standIn));
        QCOMPARE(sqlInt(kind,
                     QStringLiteral("SELECT COUNT(*) FROM users WHERE id = '%1' AND disabled = 0"
                                    " AND password_hash IS NOT NULL")
                         .arg(standIn)),
            1);
        const auto login = [&](const QString &username) {
            return httpRequest("POST", srv.url(QStringLiteral("/v1/auth/login")),
                compactJson(QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                    { QStringLiteral("username"), username },
                    { QStringLiteral("password"), mira.value(QStringLiteral("password")) },
                    { QStringLiteral("device"), testDevice(QStringLiteral("standin-device")) } }));
        };
        const HttpResult asStandIn = login(standIn);
        QCOMPARE(asStandIn.status, 401);
        QCOMPARE(errorCode(asStandIn), QStringLiteral("invalid_credentials"));
        QCOMPARE(login(mira.value(QStringLiteral("username")).toString()).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestPrivacyStandIn)
#include "tst_privacy_requests_standin.moc"
