#pragma once

// What the client-side inbox tests against the real server over TLS share: a throwaway CA, one
// installation of the app per person (the client stack's inbox features), signing a person in,
// and a sub-system's notification sent as raw HTTP.
#include "demoaccounts.h"
#include "fakes/testdeviceinfo.h"
#include "faultyproxy.h"
#include "feed/streamclient.h"
#include "identity/session.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "net/apiclient.h"
#include "net/tlspolicy.h"
#include "serverprocess.h"
#include "services/clientstack.h"
#include "storage/memorysecretstore.h"
#include "testca.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <optional>

namespace tessera::test {

inline constexpr int kTimeout = 30000; // generous: latency is a benchmark figure, never asserted

// One installation of the app for one person: its client over TLS (trusting the test CA, with
// a pin when given), its session and a client stack with the features asked for.
struct Installation
{
    std::unique_ptr<ApiClient> client;
    std::unique_ptr<Session> session;
    std::unique_ptr<ClientStack> stack;

    Installation(const QUrl &server, const QString &caFile, SecretStore &secrets,
        const DeviceInfo &info, const Session::Options &sessionOptions,
        ClientStack::Features features, const QByteArray &pin = {})
    {
        QString error;
        const auto endpoint =
            ServerEndpoint::parse(server.toString(), ServerEndpoint::PlainHttp::Refuse, &error);
        if (!endpoint)
            qFatal("bad server address: %s", qPrintable(error));
        TlsPolicy tls;
        tls.addCaCertificates(*TlsPolicy::readCaFile(caFile, &error));
        if (!pin.isEmpty())
            tls.setPin(pin);
        client = std::make_unique<ApiClient>(*endpoint, tls);
        client->setTimeout(std::chrono::seconds(5));
        session = std::make_unique<Session>(*client, secrets, info, sessionOptions);
        ClientStack::Options options;
        options.features = features;
        options.retryDelays =
            ClientStack::RetryDelays { std::chrono::milliseconds(200), std::chrono::seconds(2) };
        stack = std::make_unique<ClientStack>(*session, secrets, options);
    }

    // In the order the app tears down: the users of the session first.
    ~Installation()
    {
        stack.reset();
        session.reset();
        client.reset();
    }

    bool run(const std::function<void()> &action)
    {
        QSignalSpy finished(session.get(), &Session::finished);
        action();
        return QTest::qWaitFor([&] { return !finished.isEmpty(); }, kTimeout);
    }
};

// An installation with what app/gui/main.cpp builds for the inbox (the client stack's inbox
// features).
struct Device : Installation
{
    InboxStore *store = nullptr;
    InboxSync *sync = nullptr;
    DecisionOutbox *outbox = nullptr;
    InboxModel *model = nullptr;

    Device(const QUrl &server, const QString &caFile, SecretStore &secrets, const DeviceInfo &info,
        const QString &databasePath, const QString &deviceId, const QByteArray &pin = {})
        : Installation(server, caFile, secrets, info,
            Session::Options { databasePath, deviceId, {} },
            ClientStack::Feature::Inbox | ClientStack::Feature::Decisions
                | ClientStack::Feature::InboxView,
            pin)
    {
        store = stack->part<InboxStore>();
        sync = stack->part<InboxSync>();
        outbox = stack->part<DecisionOutbox>();
        model = stack->part<InboxModel>();
    }

    int rowOf(const QString &id) const { return model->rowOf(id); }
    QVariant role(const QString &id, InboxModel::Role role) const
    {
        const int row = rowOf(id);
        return row < 0 ? QVariant() : model->data(model->index(row), role);
    }
};

class InboxServerFixture
{
protected:
    QTemporaryDir m_dir;
    TestCertificateAuthority m_ca;
    std::optional<IssuedCertificate> m_certificate;
    TestDeviceInfo m_deviceInfo { QStringLiteral("Pixel 8"), QStringLiteral("android"),
        QStringLiteral("14") };
    int m_run = 0;
    int m_keys = 0;

    ServerProcess::Options serverOptions(const QString &dataDir = {}) const
    {
        ServerProcess::Options options;
        options.dataDir = dataDir;
        options.config = tlsServerConfig(*m_certificate);
        return options;
    }

    static QString apiKey(const ServerProcess &server)
    {
        return demoApiKey(server).value(QStringLiteral("key")).toString();
    }

    QString newDatabasePath()
    {
        return m_dir.filePath(QStringLiteral("device-%1.db").arg(++m_run));
    }

    // Signs a demo person in on a device (an Installation, or any with run() and session); the
    // device's sync starts (stream included) unless told.
    template<typename Device>
    bool signIn(Device &device, const ServerProcess &server, const QString &displayName)
    {
        const QJsonObject person = demoAccount(server, displayName);
        if (!device.run([&] {
                device.session->signIn(QStringLiteral("local"),
                    person.value(QStringLiteral("username")).toString(),
                    person.value(QStringLiteral("password")).toString());
            }))
            return false;
        return device.session->state() == Session::State::SignedIn;
    }

    // A sub-system's notification (raw HTTP, as an HR system would send it).
    QString notify(const ServerProcess &server, const QStringList &users,
        const QByteArray &callback = {}, const QString &title = QStringLiteral("Leave request"))
    {
        QJsonObject body {
            { QStringLiteral("recipients"),
                QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(users) } } },
            { QStringLiteral("title"), title },
            { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
            { QStringLiteral("category"), QStringLiteral("leave") },
            { QStringLiteral("priority"), QStringLiteral("normal") },
            { QStringLiteral("actionable"), true },
            { QStringLiteral("actions"), approveRejectActions() },
            { QStringLiteral("reference"), QStringLiteral("HR-%1").arg(m_keys + 1) },
        };
        if (!callback.isEmpty())
            body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(callback));
        else
            body.insert(QStringLiteral("delivery"), QStringLiteral("poll"));
        return postNotification(server, body);
    }

    // Sends a sub-system's notification as it is (its own Idempotency-Key): its id.
    QString postNotification(const ServerProcess &server, const QJsonObject &body)
    {
        const HttpResult created =
            httpRequest("POST", server.url(QStringLiteral("/v1/notifications")), compactJson(body),
                bearer(apiKey(server), "client-test-" + QByteArray::number(++m_keys)));
        if (created.status != 201)
            qWarning("notify answered %d: %s", created.status, created.body.constData());
        return created.json().value(QStringLiteral("id")).toString();
    }

    // A person's access token from a sign-in on another device (raw HTTP).
    static QString tokenOf(const ServerProcess &server, const QString &displayName)
    {
        return signInDemo(server, displayName, testDevice(QStringLiteral("other-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    // What every test needs, set up once per test executable.
    void startParts()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_ca.create(), qPrintable(m_ca.error()));
        m_certificate = m_ca.issueServerCertificate(QStringLiteral("server"));
        QVERIFY2(m_certificate, qPrintable(m_ca.error()));
        // The test's own requests (a sub-system, another device) trust the throwaway CA too.
        QVERIFY(trustCaByDefault(m_ca.caFile()));
    }
};

} // namespace tessera::test
