#include "clicontext.h"

#include "base/printtext.h"
#include "identity/deviceid.h"
#include "identity/session.h"
#include "net/tlspolicy.h"
#include "platformfactory.h"
#include "protocol/apierror.h"
#include "services/clientschema.h"
#include "storage/keychainsecretstore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QPromise>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>
#include <cstring>

#if defined(Q_OS_UNIX)
#include <termios.h>
#include <unistd.h>
#endif

namespace tessera::cli {

namespace {

// The CLI signs in as platform "cli" (the server then names decisions made here "cli"), with
// the machine's own platform kept in the OS version.
class CliDeviceInfo final : public DeviceInfo
{
public:
    explicit CliDeviceInfo(std::unique_ptr<DeviceInfo> machine)
        : m_machine(std::move(machine))
    { }
    QString platform() const override { return QStringLiteral("cli"); }
    QString osVersion() const override
    {
        return m_machine->platform() + QLatin1Char(' ') + m_machine->osVersion();
    }
    QString model() const override { return m_machine->model(); }

private:
    std::unique_ptr<DeviceInfo> m_machine;
};

} // namespace

CliContext::CliContext(CliOptions options)
    : m_options(std::move(options))
{ }

// The session first: it uses the client, the store and the device facts.
CliContext::~CliContext()
{
    m_session.reset();
    m_client.reset();
}

ApiClient *CliContext::client()
{
    if (m_client)
        return m_client.get();
    QString error;
    const auto endpoint = ServerEndpoint::parse(m_options.server,
        m_options.allowPlainHttp ? ServerEndpoint::PlainHttp::AllowOnLoopback
                                 : ServerEndpoint::PlainHttp::Refuse,
        &error);
    if (!endpoint) {
        if (m_options.server.isEmpty())
            error = QStringLiteral("No server given: use --server URL or set TESSERA_SERVER.");
        printError(QStringLiteral("bad_server_address"), error);
        return nullptr;
    }
    TlsPolicy tls;
    if (!m_options.pin.isEmpty()) {
        const auto pinned = TlsPolicy::withPin(m_options.pin, &error);
        if (!pinned) {
            printError(QStringLiteral("bad_pin"), error);
            return nullptr;
        }
        tls = *pinned;
    }
    if (!m_options.caFile.isEmpty()) {
        const auto certificates = TlsPolicy::readCaFile(m_options.caFile, &error);
        if (!certificates) {
            printError(QStringLiteral("bad_ca_file"), error);
            return nullptr;
        }
        tls.addCaCertificates(*certificates);
    }
    m_client = std::make_unique<ApiClient>(*endpoint, tls);
    return m_client.get();
}

QString CliContext::dataDir() const
{
    if (!m_options.dataDir.isEmpty())
        return QFileInfo(m_options.dataDir).absoluteFilePath();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

Session *CliContext::session()
{
    if (m_session)
        return m_session.get();
    ApiClient *api = client();
    if (!api)
        return nullptr;
    const QString folder = dataDir();
    if (!QDir().mkpath(folder)) {
        printError(QStringLiteral("bad_data_dir"),
            QStringLiteral("Cannot create the data folder %1.").arg(folder));
        return nullptr;
    }
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // Each data folder is its own installation: its own device id, database and keyring entries.
    const QByteArray folderHash =
        QCryptographicHash::hash(QDir(folder).canonicalPath().toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    m_store = std::make_unique<KeychainSecretStore>(
        QStringLiteral("tessera-cli-") + QString::fromLatin1(folderHash));
    m_settings = std::make_unique<QSettings>(
        QDir(folder).filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_device = std::make_unique<CliDeviceInfo>(PlatformFactory::createDeviceInfo());
    Session::Options options;
    options.databasePath = QDir(folder).filePath(QStringLiteral("tessera.db"));
    options.deviceId = DeviceId::obtain(*m_settings);
    options.schema = clientSchema();
    m_session = std::make_unique<Session>(*api, *m_store, *m_device, options);
    return m_session.get();
}

QString CliContext::value(const QString &name) const
{
    const QStringList all = values(name);
    return all.isEmpty() ? QString() : all.constLast();
}

std::optional<QString> CliContext::readSecret(
    const char *environmentVariable, const QString &prompt)
{
    if (qEnvironmentVariableIsSet(environmentVariable))
        return qEnvironmentVariable(environmentVariable);
    bool hideEcho = false;
#if defined(Q_OS_UNIX)
    termios saved {};
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        hideEcho = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
#endif
    if (hideEcho)
        printText(stderr, qPrintable(prompt));
    char buffer[1024];
    const bool got = std::fgets(buffer, sizeof buffer, stdin) != nullptr;
#if defined(Q_OS_UNIX)
    if (hideEcho) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        printText(stderr, "\n");
    }
#endif
    if (!got)
        return std::nullopt;
    qsizetype length = qsizetype(std::strlen(buffer));
    while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r'))
        --length;
    QString line = QString::fromUtf8(buffer, length);
    volatile char *wipe = buffer;
    for (size_t i = 0; i < sizeof buffer; ++i)
        wipe[i] = 0;
    return line;
}

QFuture<int> CliContext::afterSession(const std::function<void()> &start, std::function<int()> done)
{
    auto promise = std::make_shared<QPromise<int>>();
    promise->start();
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(m_session.get(), &Session::finished, m_session.get(),
        [promise, connection, done = std::move(done)]() {
            QObject::disconnect(*connection);
            promise->addResult(done());
            promise->finish();
        });
    start();
    return promise->future();
}

QString CliContext::terminalText(const QString &text)
{
    // Text from the server or another person reaches a terminal, whose markup is control
    // characters: escape sequences (C0, C1, DEL) and bidi overrides and isolates, which some
    // terminals apply and which make "exe.gnp" read as "png.exe". Each becomes U+FFFD; line
    // breaks and tabs of the human text stay.
    QString safe = text;
    for (QChar &c : safe) {
        const char16_t u = c.unicode();
        const bool layout = u == u'\n' || u == u'\t';
        const bool control = (u < 0x20 && !layout) || (u >= 0x7f && u <= 0x9f);
        const bool bidi = (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069)
            || u == 0x200e || u == 0x200f || u == 0x061c;
        if (control || bidi)
            c = QChar::ReplacementCharacter;
    }
    return safe;
}

void CliContext::printResult(const QJsonObject &object, const QString &human) const
{
    const QByteArray text = m_options.json ? QJsonDocument(object).toJson(QJsonDocument::Compact)
                                           : terminalText(human).toUtf8();
    printText(stdout, QByteArray(text + '\n').constData());
}

void CliContext::printError(const QString &code, const QString &message) const
{
    if (m_options.json) {
        printResult(ApiError { code, message }.toJson(), {});
        return;
    }
    printText(stderr, qPrintable(QStringLiteral("tessera-cli: %1\n").arg(terminalText(message))));
}

} // namespace tessera::cli
