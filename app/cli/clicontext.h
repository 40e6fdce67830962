#pragma once

#include "net/apiclient.h"

#include <QFuture>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QSettings;

namespace tessera {
class DeviceInfo;
class SecretStore;
class Session;
} // namespace tessera

namespace tessera::cli {

// Exit codes of tessera-cli.
enum ExitCode {
    Success = 0,
    Failed = 1, // the server said no, or could not be reached
    Usage = 2, // the command line was wrong
};

// The global options of tessera-cli.
struct CliOptions
{
    QString server; // --server / TESSERA_SERVER
    bool allowPlainHttp = false;
    bool json = false;
    QString caFile; // --ca-file / TESSERA_CA_FILE: an extra CA certificate (PEM)
    QString pin; // --pin / TESSERA_PIN: sha256/BASE64 of the server's public key
    QString dataDir; // --data / TESSERA_DATA_DIR; empty: the standard application data folder
    // The command's own options (--kind, --user, --role ...), by name; repeated ones in order.
    QMap<QString, QStringList> values;
    QStringList arguments; // the command's positional arguments (after its name)
};

// What every command gets: where the server is, how to print, the session of the data folder.
class CliContext
{
public:
    explicit CliContext(CliOptions options);
    ~CliContext();

    // The API client for the configured server, or null (after printing why) when the address,
    // the CA file or the pin is missing or refused.
    ApiClient *client();
    // The session kept in the data folder (database, device id) and the keyring (tokens), or
    // null after printing why.
    Session *session();
    // The keyring of the data folder's session (null until session() made it).
    SecretStore *secretStore() const { return m_store.get(); }
    QString dataDir() const;

    // A command option's value (the last one given), or empty.
    QString value(const QString &name) const;
    QStringList values(const QString &name) const { return m_options.values.value(name); }
    // Whether a command option (a flag such as --unread) was given.
    bool isSet(const QString &name) const { return m_options.values.contains(name); }
    QStringList arguments() const { return m_options.arguments; }

    // A secret from the environment variable, else one line of standard input (without echo
    // on a terminal, after printing prompt on stderr). nullopt at end of input.
    static std::optional<QString> readSecret(
        const char *environmentVariable, const QString &prompt);

    // Runs one session operation (start) and calls done once the session has finished it.
    QFuture<int> afterSession(const std::function<void()> &start, std::function<int()> done);

    bool json() const { return m_options.json; }
    // Prints object as one JSON line (--json) or human as text made safe for a terminal.
    void printResult(const QJsonObject &object, const QString &human) const;
    // text with terminal control characters and bidi controls replaced by U+FFFD.
    static QString terminalText(const QString &text);
    // Prints an error: {"error":{...}} on stdout with --json, a sentence on stderr otherwise.
    void printError(const QString &code, const QString &message) const;

private:
    CliOptions m_options;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<SecretStore> m_store;
    std::unique_ptr<DeviceInfo> m_device;
    std::unique_ptr<Session> m_session;
};

} // namespace tessera::cli
