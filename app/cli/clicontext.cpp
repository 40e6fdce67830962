#include "clicontext.h"

#include "apierror.h"

#include <QJsonDocument>

#include <cstdio>

namespace tessera::cli {

CliContext::CliContext(QString serverText, bool allowPlainHttp, bool json)
    : m_serverText(std::move(serverText))
    , m_allowPlainHttp(allowPlainHttp)
    , m_json(json)
{ }

ApiClient *CliContext::client()
{
    if (m_client)
        return m_client.get();
    QString error;
    const auto endpoint = ServerEndpoint::parse(m_serverText,
        m_allowPlainHttp ? ServerEndpoint::PlainHttp::AllowOnLoopback
                         : ServerEndpoint::PlainHttp::Refuse,
        &error);
    if (!endpoint) {
        if (m_serverText.isEmpty())
            error = QStringLiteral("No server given: use --server URL or set TESSERA_SERVER.");
        printError(QStringLiteral("bad_server_address"), error);
        return nullptr;
    }
    m_client = std::make_unique<ApiClient>(*endpoint);
    return m_client.get();
}

void CliContext::printResult(const QJsonObject &object, const QString &human) const
{
    const QByteArray text =
        m_json ? QJsonDocument(object).toJson(QJsonDocument::Compact) : human.toUtf8();
    std::fputs(text.constData(), stdout);
    std::fputs("\n", stdout);
    std::fflush(stdout);
}

void CliContext::printError(const QString &code, const QString &message) const
{
    if (m_json) {
        printResult(ApiError { code, message }.toJson(), {});
        return;
    }
    std::fputs(qPrintable(QStringLiteral("tessera-cli: %1\n").arg(message)), stderr);
    std::fflush(stderr);
}

} // namespace tessera::cli
