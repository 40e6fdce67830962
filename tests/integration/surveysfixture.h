#pragma once

// What the surveys tests against the real server share: News's stages (one server per database
// kind, each with its own --clock-file), the sub-system's and the people's survey calls, and
// reading the server's tables row by row.
#include "newsfixture.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace tessera::test {

class SurveysFixture : public virtual NewsFixture
{
protected:
    // A form card: a choice (multi-select when asked), a rating 1..5, a free text and a submit.
    static QJsonObject form(bool multiSelect = false)
    {
        const auto choice = [](const QString &value) {
            return QJsonObject { { QStringLiteral("title"), value },
                { QStringLiteral("value"), value } };
        };
        return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
            { QStringLiteral("version"), QStringLiteral("1.5") },
            { QStringLiteral("body"),
                QJsonArray {
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.ChoiceSet") },
                        { QStringLiteral("id"), QStringLiteral("mood") },
                        { QStringLiteral("label"), QStringLiteral("How are you?") },
                        { QStringLiteral("isRequired"), true },
                        { QStringLiteral("isMultiSelect"), multiSelect },
                        { QStringLiteral("choices"),
                            QJsonArray { choice(QStringLiteral("good")),
                                choice(QStringLiteral("ok")), choice(QStringLiteral("bad")) } } },
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.Number") },
                        { QStringLiteral("id"), QStringLiteral("score") },
                        { QStringLiteral("label"), QStringLiteral("Score") },
                        { QStringLiteral("min"), 1 }, { QStringLiteral("max"), 5 } },
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("Input.Text") },
                        { QStringLiteral("id"), QStringLiteral("comment") },
                        { QStringLiteral("label"), QStringLiteral("Anything else?") },
                        { QStringLiteral("maxLength"), 500 } },
                } },
            { QStringLiteral("actions"),
                QJsonArray {
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.Submit") },
                        { QStringLiteral("title"), QStringLiteral("Send") } } } } };
    }

    // A survey closing in days (from the server's clock).
    QJsonObject survey(const QString &kind, const QString &title, const QJsonObject &audience,
        bool anonymous = false, bool editable = false, qint64 days = 30)
    {
        return QJsonObject { { QStringLiteral("title"), title }, { QStringLiteral("card"), form() },
            { QStringLiteral("audience"), audience },
            { QStringLiteral("closesAt"), rfc3339(serverNow(kind).addDays(days)) },
            { QStringLiteral("anonymous"), anonymous }, { QStringLiteral("editable"), editable } };
    }

    static QUrl surveyUrl(
        const ServerProcess &server, const QString &surveyId, const QString &tail = {})
    {
        return server.url(QStringLiteral("/v1/subsystem/surveys/") + surveyId + tail);
    }

    static HttpResult putRawSurvey(
        const ServerProcess &server, const QString &surveyId, const QByteArray &body)
    {
        return httpRequest("PUT", surveyUrl(server, surveyId), body, bearer(demoKey(server)));
    }

    static HttpResult putSurvey(
        const ServerProcess &server, const QString &surveyId, const QJsonObject &body)
    {
        return putRawSurvey(server, surveyId, compactJson(body));
    }

    static QString idOfSurvey(
        const ServerProcess &server, const QString &surveyId, const QJsonObject &body)
    {
        const HttpResult result = putSurvey(server, surveyId, body);
        if (result.status != 201 && result.status != 200)
            qWarning() << "put" << surveyId << result.status << result.body;
        return result.json().value(QStringLiteral("id")).toString();
    }

    static HttpResult deleteSurvey(const ServerProcess &server, const QString &surveyId)
    {
        return httpRequest("DELETE", surveyUrl(server, surveyId), {}, bearer(demoKey(server)));
    }

    static HttpResult results(
        const ServerProcess &server, const QString &surveyId, bool csv = false)
    {
        return httpRequest("GET",
            surveyUrl(server, surveyId,
                csv ? QStringLiteral("/results.csv") : QStringLiteral("/results")),
            {}, bearer(demoKey(server)));
    }

    static HttpResult surveys(
        const ServerProcess &server, const QString &token, const QString &since = {})
    {
        QUrl url = server.url(QStringLiteral("/v1/surveys"));
        if (!since.isEmpty())
            url.setQuery(QStringLiteral("since=") + since);
        return httpRequest("GET", url, {}, bearer(token));
    }

    static QJsonObject surveyIn(const HttpResult &page, const QString &id)
    {
        for (const auto &each : page.json().value(QStringLiteral("surveys")).toArray()) {
            if (each.toObject().value(QStringLiteral("id")).toString() == id)
                return each.toObject();
        }
        return {};
    }

    // PUT /v1/surveys/{id}/answer with an Idempotency-Key (a fresh one when none is given), as
    // the app's outbox sends it.
    static HttpResult answer(const ServerProcess &server, const QString &token, const QString &id,
        const QJsonObject &inputs, QByteArray key = {})
    {
        if (key.isEmpty())
            key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        return httpRequest("PUT", server.url(QStringLiteral("/v1/surveys/%1/answer").arg(id)),
            compactJson(QJsonObject { { QStringLiteral("inputs"), inputs } }), bearer(token, key));
    }

    static QJsonObject inputs(const QString &mood, const QString &score, const QString &comment)
    {
        QJsonObject values { { QStringLiteral("mood"), mood } };
        if (!score.isEmpty())
            values.insert(QStringLiteral("score"), score);
        if (!comment.isEmpty())
            values.insert(QStringLiteral("comment"), comment);
        return values;
    }

    // The input of a results answer.
    static QJsonObject inputOf(const HttpResult &result, const QString &id)
    {
        for (const auto &each : result.json().value(QStringLiteral("inputs")).toArray()) {
            if (each.toObject().value(QStringLiteral("id")).toString() == id)
                return each.toObject();
        }
        return {};
    }

    struct Person
    {
        QString id;
        QString token;
    };

    // howMany people (local accounts the admin makes in department Pulse, each signed in once).
    QList<Person> makePeople(const ServerProcess &srv, const QString &kind, int howMany = 7)
    {
        const QString admin = signIn(srv, QStringLiteral("Tessera Admin"));
        QList<Person> people;
        for (int i = 1; i <= howMany; ++i) {
            const HttpResult made = httpRequest("POST",
                srv.url(QStringLiteral("/v1/admin/local-users")),
                compactJson(QJsonObject { { QStringLiteral("displayName"),
                                              QStringLiteral("Answerer %1 %2").arg(kind).arg(i) },
                    { QStringLiteral("geo"), QStringLiteral("Pune") },
                    { QStringLiteral("department"), QStringLiteral("Pulse") },
                    { QStringLiteral("userType"), QStringLiteral("employee") } }),
                bearer(admin));
            if (made.status != 201 && made.status != 200) {
                qWarning() << "local user" << made.status << made.body;
                return {};
            }
            const QString userId = made.json().value(QStringLiteral("userId")).toString();
            const HttpResult changed =
                httpRequest("POST", srv.url(QStringLiteral("/v1/auth/password")),
                    compactJson(QJsonObject { { QStringLiteral("username"), userId },
                        { QStringLiteral("currentPassword"),
                            made.json().value(QStringLiteral("temporaryPassword")) },
                        { QStringLiteral("newPassword"), QStringLiteral("quartz-Harbor-4719-q") },
                        { QStringLiteral("device"),
                            testDevice(QStringLiteral("anon-%1-%2").arg(kind).arg(i)) } }));
            const QString token = changed.json().value(QStringLiteral("accessToken")).toString();
            if (token.isEmpty()) {
                qWarning() << "password change" << changed.status << changed.body;
                return {};
            }
            people.append({ userId, token });
        }
        return people;
    }

    // Every row statement gives on kind's database, each as its columns' values (empty with a
    // warning when it failed).
    QList<QVariantList> rows(const QString &kind, const QString &statement)
    {
        const QString connection = QStringLiteral("surveys-direct");
        QList<QVariantList> result;
        {
            QSqlDatabase db =
                openServerDatabase(connection, server(kind).dataDir(), stage(kind).database);
            QSqlQuery query(db);
            if (!db.isOpen() || !query.exec(statement))
                qWarning() << statement << db.lastError().text() << query.lastError().text();
            while (query.next()) {
                QVariantList row;
                for (int i = 0; i < query.record().count(); ++i)
                    row.append(query.value(i));
                result.append(row);
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        return result;
    }

    QStringList column(const QString &kind, const QString &statement)
    {
        QStringList values;
        for (const QVariantList &row : rows(kind, statement))
            values.append(row.value(0).toString());
        return values;
    }

    // The tables whose names are LIKE pattern (SQLite's own aside), and those of the surveys
    // feature; then a table's columns.
    QStringList tablesLike(const QString &kind, const QString &pattern)
    {
        return column(kind,
            (kind == u"sqlite"
                    ? QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND"
                                     " name LIKE '%1' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                    : QStringLiteral("SELECT table_name FROM information_schema.tables WHERE"
                                     " table_schema = current_schema() AND table_name LIKE '%1'"
                                     " ORDER BY table_name"))
                .arg(pattern));
    }

    QStringList surveyTables(const QString &kind)
    {
        return tablesLike(kind, QStringLiteral("survey%"));
    }

    QStringList columnsOf(const QString &kind, const QString &table)
    {
        return column(kind,
            kind == u"sqlite"
                ? QStringLiteral("SELECT name FROM pragma_table_info('%1') ORDER BY name")
                      .arg(table)
                : QStringLiteral("SELECT column_name FROM information_schema.columns WHERE"
                                 " table_schema = current_schema() AND table_name = '%1'"
                                 " ORDER BY column_name")
                      .arg(table));
    }
};

} // namespace tessera::test
