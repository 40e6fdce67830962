#pragma once

// What tst_surveys_faults shares: an installation of the app reaching the server through a
// FaultyProxy, a cutter that aborts the proxy's open connections at random moments, and reading
// the server's state (its tables, access log, events and attendees) on SQLite and PostgreSQL.
#include "events/eventstore.h"
#include "fakes/testdeviceinfo.h"
#include "faultyproxy.h"
#include "identity/session.h"
#include "net/apiclient.h"
#include "net/serverendpoint.h"
#include "services/clientschema.h"
#include "services/clientstack.h"
#include "sessiontesting.h"
#include "storage/memorysecretstore.h"
#include "surveysfixture.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTimer>

namespace tessera::test {

// One installation of the app reaching the server through a port on loopback (plain HTTP): its
// client, session and a started client stack with Surveys and Events.
struct ProxiedDevice
{
    MemorySecretStore secrets;
    std::unique_ptr<ApiClient> api;
    std::unique_ptr<Session> session;
    std::unique_ptr<ClientStack> stack;

    ProxiedDevice(QUrl server, quint16 viaPort, const QString &databasePath,
        const QString &deviceId, const DeviceInfo &info)
    {
        QString error;
        server.setPort(viaPort);
        const auto endpoint = ServerEndpoint::parse(
            server.toString(), ServerEndpoint::PlainHttp::AllowOnLoopback, &error);
        if (!endpoint)
            qFatal("bad server address: %s", qPrintable(error));
        api = std::make_unique<ApiClient>(*endpoint);
        session = std::make_unique<Session>(
            *api, secrets, info, Session::Options { databasePath, deviceId, {}, clientSchema() });
        ClientStack::Options options;
        options.features = ClientStack::Feature::Surveys | ClientStack::Feature::Events;
        options.retryDelays =
            ClientStack::RetryDelays { std::chrono::milliseconds(200), std::chrono::seconds(2) };
        stack = std::make_unique<ClientStack>(*session, secrets, options);
        stack->start();
    }

    // In the order the app tears down: the users of the session first.
    ~ProxiedDevice()
    {
        stack.reset();
        session.reset();
        api.reset();
    }

    template<typename T>
    T *part() const
    {
        return stack->part<T>();
    }

    QString answer(const QString &eventId) const
    {
        const auto stored = part<EventStore>()->find(eventId);
        return stored ? stored->item.myAnswer : QStringLiteral("(none)");
    }
};

// Besides the proxy's own cuts (a new connection cut at a random byte): every open connection
// cut at random moments (seeded, every shortest to shortest + spread ms) while it lives, so that
// requests on kept-alive connections are cut too, before, while and after the server handles them.
struct RandomCutter
{
    FaultyProxy &proxy;
    QRandomGenerator random;
    int shortest;
    int spread;
    QTimer timer;

    RandomCutter(FaultyProxy &cut, quint32 seed, int shortestMs, int spreadMs)
        : proxy(cut)
        , random(seed)
        , shortest(shortestMs)
        , spread(spreadMs)
    {
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            proxy.cutAll();
            next();
        });
        next();
    }
    void next()
    {
        timer.start(std::chrono::milliseconds(shortest + qint64(random.bounded(spread))));
    }
};
class SurveysFaultsFixture : public SurveysFixture
{
protected:
    static constexpr int kWait = 60000; // generous: nothing here measures time

    TestDeviceInfo m_deviceInfo { QStringLiteral("faults test") };

    // The first column of the first row statement gives on kind's server database, as text
    // (empty when none). SQLite is read by /usr/bin/python3 in its own process: this process
    // holds the client's SQLCipher, which must not meet the QSQLITE driver's SQLite.
    QString scalar(const QString &kind, const QString &statement)
    {
        if (kind != u"sqlite") {
            const ServerSqlResult result =
                runServerSql(server(kind).dataDir(), stage(kind).database, statement);
            if (!result.ok)
                qWarning() << statement << result.error;
            return result.value.toString();
        }
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral("-c"),
                QStringLiteral(
                    "import sqlite3, sys\n"
                    "db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n"
                    "row = db.execute(sys.argv[2]).fetchone()\n"
                    "print('' if row is None or row[0] is None else row[0], end='')\n"),
                QDir(server(kind).dataDir()).filePath(QStringLiteral("tessera.db")), statement });
        if (!python.waitForFinished(30000) || python.exitCode() != 0)
            qWarning() << statement << python.readAllStandardError();
        return QString::fromUtf8(python.readAllStandardOutput());
    }

    int count(const QString &kind, const QString &statement)
    {
        bool ok = false;
        const int value = scalar(kind, statement).toInt(&ok);
        return ok ? value : -1;
    }

    // The requests to endpoint (a route's template) the server's access log has so far; only
    // those answered with status when given.
    int served(const QString &kind, const QString &endpoint, int status = 0)
    {
        return count(kind,
            QStringLiteral("SELECT COALESCE(SUM(requests), 0) FROM access_log WHERE endpoint ="
                           " '%1'%2")
                .arg(endpoint,
                    status == 0 ? QString() : QStringLiteral(" AND status = %1").arg(status)));
    }

    QString userId(const QString &kind, const QString &name)
    {
        return demoAccount(server(kind), name).value(QStringLiteral("userId")).toString();
    }

    // A survey that closes 30 days after today (the client checks with its own clock, the server
    // with its test clock, which started earlier).
    QJsonObject openSurvey(const QString &kind, const QString &title, const QJsonObject &audience,
        bool anonymous, bool editable)
    {
        const qint64 days = serverNow(kind).daysTo(QDateTime::currentDateTimeUtc()) + 30;
        return survey(kind, title, audience, anonymous, editable, std::max<qint64>(days, 30));
    }

    // An event with capacity 1 for audience, far ahead of both clocks; the server's id.
    static QString putEvent(
        const ServerProcess &srv, const QString &eventId, const QJsonObject &audience)
    {
        const QJsonObject body { { QStringLiteral("title"), QStringLiteral("Cut party") },
            { QStringLiteral("start"), QStringLiteral("2030-07-10T10:00:00+02:00") },
            { QStringLiteral("end"), QStringLiteral("2030-07-10T12:00:00+02:00") },
            { QStringLiteral("timeZone"), QStringLiteral("Europe/Berlin") },
            { QStringLiteral("capacity"), 1 }, { QStringLiteral("audience"), audience } };
        const HttpResult put =
            httpRequest("PUT", srv.url(QStringLiteral("/v1/subsystem/events/") + eventId),
                compactJson(body), bearer(demoKey(srv)));
        if (put.status != 201 && put.status != 200)
            qWarning() << "event put" << put.status << put.body;
        return put.json().value(QStringLiteral("id")).toString();
    }

    static QJsonObject attendees(const ServerProcess &srv, const QString &eventId)
    {
        return httpRequest("GET",
            srv.url(QStringLiteral("/v1/subsystem/events/%1/attendees").arg(eventId)), {},
            bearer(demoKey(srv)))
            .json();
    }

    static QString answerOf(const QJsonObject &list, const QString &user)
    {
        for (const auto &each : list.value(QStringLiteral("attendees")).toArray()) {
            if (each.toObject().value(QStringLiteral("userId")).toString() == user)
                return each.toObject().value(QStringLiteral("answer")).toString();
        }
        return {};
    }

    // Signs name in on device (no cuts meanwhile: the proxy's probability is 0 until a test
    // sets it).
    bool signInDevice(const QString &kind, ProxiedDevice &device, const QString &name)
    {
        return signInDemo(server(kind), *device.session, name);
    }

    QString newDatabase(const QString &kind, const QString &name)
    {
        return m_dir.filePath(kind + u'-' + name + QStringLiteral(".db"));
    }
};

} // namespace tessera::test
