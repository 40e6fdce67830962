#pragma once

#include "apiclient.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace tessera::cli {

// Exit codes of tessera-cli.
enum ExitCode {
    Success = 0,
    Failed = 1, // the server said no, or could not be reached
    Usage = 2, // the command line was wrong
};

// What every command gets: where the server is, how to print.
class CliContext
{
public:
    CliContext(QString serverText, bool allowPlainHttp, bool json);

    // The API client for the configured server, or null (after printing why) when the address
    // is missing or refused.
    ApiClient *client();

    bool json() const { return m_json; }
    // Prints one result: a JSON object on one line with --json, else the human lines.
    void printResult(const QJsonObject &object, const QString &human) const;
    // Prints an error: {"error":{...}} on stdout with --json, a sentence on stderr otherwise.
    void printError(const QString &code, const QString &message) const;

private:
    QString m_serverText;
    bool m_allowPlainHttp;
    bool m_json;
    std::unique_ptr<ApiClient> m_client;
};

} // namespace tessera::cli
