#pragma once

// What the session tests against the real server over TLS share: every message logged, an API
// client for the server (optionally pinned), installations of the app (data folder, settings,
// keyring service), the child mode that restores a session in a fresh process, and the local ID
// that the first tests make and the later ones use.
#include "base/futurewatch.h"
#include "demoaccounts.h"
#include "identity/deviceid.h"
#include "identity/session.h"
#include "keyringsession.h"
#include "net/tlspolicy.h"
#include "serverprocess.h"
#include "sessiontesting.h"
#include "storage/database.h"
#include "storage/keychainsecretstore.h"
#include "tlsserverfixture.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <cstdio>

using namespace tessera;

#include <optional>

namespace tessera::test {

inline const QString kDeviceModel = QStringLiteral("integration test");

// Every message any code logs while the test runs (with tessera.* debug output on).
inline QMutex logMutex;
inline QByteArray capturedLog;
inline QtMessageHandler previousHandler = nullptr;

inline void captureMessage(
    QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        capturedLog += message.toUtf8() + '\n';
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline std::unique_ptr<ApiClient> makeClient(
    const QUrl &url, const QString &caFile, const QString &pin)
{
    QString error;
    const auto endpoint =
        ServerEndpoint::parse(url.toString(), ServerEndpoint::PlainHttp::Refuse, &error);
    if (!endpoint)
        qFatal("bad server address %s: %s", qPrintable(url.toString()), qPrintable(error));
    TlsPolicy tls;
    if (!pin.isEmpty())
        tls = *TlsPolicy::withPin(pin, &error);
    if (!caFile.isEmpty())
        tls.addCaCertificates(*TlsPolicy::readCaFile(caFile, &error));
    return std::make_unique<ApiClient>(*endpoint, tls);
}

// One installation of the app: its data folder, settings file, keyring service.
struct Installation
{
    QString dataDir;
    QString service;

    QString databasePath() const { return dataDir + QStringLiteral("/tessera.db"); }
    QString settingsPath() const { return dataDir + QStringLiteral("/settings.ini"); }
    QString deviceId() const
    {
        QSettings settings(settingsPath(), QSettings::IniFormat);
        return DeviceId::obtain(settings);
    }
};

inline const char restoreChildFlag[] = "--restore-child";

// The child mode: Session::restore() for DB SERVICE URL CAFILE in a fresh process (the parent
// gives it a D-Bus address that leads nowhere); prints the state it ends in.
inline int runRestoreChild(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6)
        return 2;
    KeychainSecretStore store(args.at(3));
    const auto client = makeClient(QUrl(args.at(4)), args.at(5), {});
    TestDeviceInfo device(kDeviceModel);
    Session session(*client, store, device, { args.at(2), DeviceId::generate(), {} });
    QObject::connect(&session, &Session::finished, &app, [&session]() {
        const QString state = QString::fromLatin1(
            QMetaEnum::fromType<Session::State>().valueToKey(int(session.state())));
        std::printf("%s %s\n", qPrintable(state), qPrintable(session.errorCode()));
        (void)std::fflush(stdout);
        QCoreApplication::exit(0);
    });
    session.restore();
    QTimer::singleShot(90000, &app, [] { QCoreApplication::exit(3); });
    return app.exec();
}

class SessionServerFixture
{
protected:
    QTemporaryDir m_dir;
    TlsServerFixture m_tls;
    std::optional<IssuedCertificate> m_otherCertificate;
    ServerProcess m_server;
    TestDeviceInfo m_device { kDeviceModel };
    QJsonObject m_admin;
    int m_installations = 0;

    // The local ID made by localSignInWithPasswordChange, used by later tests.
    QString m_guardId;
    QString m_guardPassword;
    QString m_guardEmail;
    std::optional<Installation> m_guard;

    Installation newInstallation()
    {
        ++m_installations;
        Installation installation {
            m_dir.filePath(QStringLiteral("install-%1").arg(m_installations)),
            QStringLiteral("tessera-test-session-%1-%2")
                .arg(QUuid::createUuid().toString(QUuid::Id128))
                .arg(m_installations),
        };
        QDir().mkpath(installation.dataDir);
        return installation;
    }

    std::unique_ptr<ApiClient> client(const QString &pin = {})
    {
        return makeClient(m_server.url(), m_tls.caFile(), pin);
    }

    // A secret as the session keeps it: the tokens and the database key are fields of one
    // keyring entry (SessionVault), read here the same way.
    static SecretResult readSecret(const QString &service, const QString &name)
    {
        KeychainSecretStore store(service);
        SessionVault vault(store);
        return waitFor(vault.read(name));
    }

    // The status of a GET with a given token, outside any session (what the server says).
    int statusWithToken(const QString &path, const QByteArray &token)
    {
        const auto api = client();
        return waitFor(api->get(path, ApiClient::RequestOptions { token, {} })).httpStatus;
    }
};

} // namespace tessera::test
