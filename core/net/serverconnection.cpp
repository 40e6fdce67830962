#include "net/serverconnection.h"

#include "base/futurewatch.h"
#include "protocol/healthstatus.h"

namespace tessera {

ServerConnection::ServerConnection(
    ApiClient *client, QString configuredUrl, QString configError, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_serverUrl(std::move(configuredUrl))
{
    if (!m_client)
        setState(Status::Misconfigured, std::move(configError));
}

void ServerConnection::check()
{
    if (!m_client || m_status == Status::Checking)
        return;
    setState(Status::Checking, tr("Connecting to the server…"));
    whenFinished(this, m_client->get(QStringLiteral("/v1/health")), [this](const ApiReply &reply) {
        if (!reply.ok()) {
            setState(Status::Unreachable, reply.describe());
            return;
        }
        QString problem;
        const auto health = HealthStatus::fromJson(reply.body, &problem);
        if (!health) {
            setState(
                Status::Unreachable, tr("The server's answer was not understood: %1").arg(problem));
            return;
        }
        setState(Status::Online, tr("Connected to the Tessera server %1").arg(health->version),
            health->version);
    });
}

void ServerConnection::setState(Status status, QString text, QString version)
{
    m_status = status;
    m_statusText = std::move(text);
    m_serverVersion = std::move(version);
    Q_EMIT changed();
}

} // namespace tessera
