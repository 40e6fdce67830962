#pragma once

#include "net/apiclient.h"

#include <QObject>
#include <QString>

namespace tessera {

// Whether the configured server can be reached, and what it runs: what the sign-in page shows
// under its form. check() asks GET /v1/health; the result arrives through the properties.
class ServerConnection : public QObject
{
    Q_OBJECT
    Q_PROPERTY(Status status READ status NOTIFY changed)
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(QString serverVersion READ serverVersion NOTIFY changed)
    Q_PROPERTY(QString statusText READ statusText NOTIFY changed)
public:
    enum class Status { Unknown, Checking, Online, Unreachable, Misconfigured };
    Q_ENUM(Status)

    // client may be null when the configured address was refused; configError then says why.
    ServerConnection(
        ApiClient *client, QString configuredUrl, QString configError, QObject *parent = nullptr);

    Status status() const { return m_status; }
    QString serverUrl() const { return m_serverUrl; }
    QString serverVersion() const { return m_serverVersion; }
    QString statusText() const { return m_statusText; }

    Q_INVOKABLE void check();

Q_SIGNALS:
    void changed();

private:
    void setState(Status status, QString text, QString version = {});

    ApiClient *m_client;
    QString m_serverUrl;
    Status m_status = Status::Unknown;
    QString m_serverVersion;
    QString m_statusText;
};

} // namespace tessera
