#pragma once

#include "crypto/passwordhasher.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace tessera::server {

// How the server reaches the directory (Active Directory / LDAP) to sign employees in.
struct DirectoryConfig
{
    enum class Security { Ldaps, StartTls, Plain };

    QUrl url; // ldaps://dc.example.com or ldap://... (StartTLS or, for tests, plain)
    Security security = Security::Ldaps;
    QString baseDn; // where people are searched
    QString bindDn; // the service account that searches
    QString bindPassword; // read from bindPasswordFile when given; never logged
    QString caFile; // trust anchor for the directory's certificate

    bool isConfigured() const { return !url.isEmpty(); }
};

struct TlsConfig
{
    QString certificateFile; // PEM; may hold the chain
    QString keyFile; // PEM, unencrypted

    bool isEnabled() const { return !certificateFile.isEmpty(); }
};

// The HTTP front door's limits (frontdoor.h; docs/DEVELOPING.md, "HTTP limits"). Config file:
// "http": {"maxHeaderBytes", "headerTimeoutMilliseconds", "idleTimeoutMilliseconds",
// "maxConnectionsPerAddress", "apiKeyRequestsPerSecond", "apiKeyBurst"}. Body limits are per
// route (RouteTable).
struct HttpLimits
{
    qint64 maxHeaderBytes = qint64(16) * 1024; // request line and header fields together
    // From a connection's start, or a request's first byte, until its head is complete.
    std::chrono::milliseconds headerTimeout { 10'000 };
    // A keep-alive connection with nothing to answer, or a body that stopped arriving.
    std::chrono::milliseconds idleTimeout { 60'000 };
    // Open connections from one address (WebSocket streams included); 0: no cap. Raise it
    // behind a reverse proxy or a NAT that many people share.
    int maxConnectionsPerAddress = 256;
    // Each sub-system API key's requests on this server (RateLimiter): a bucket of apiKeyBurst
    // refilled at apiKeyRequestsPerSecond; 0 requests a second: no limit.
    int apiKeyRequestsPerSecond = 20;
    int apiKeyBurst = 100;
};

// Everything the server is told at start: a JSON file (--config) and command-line overrides.
struct ServerConfig
{
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 8080; // 0: any free port (printed once listening)
    QString dataDir;
    // The key that seals the secrets kept in the database (secretseal.h); empty: secrets.key in
    // dataDir. Keep it out of the database's backups.
    QString secretsKeyFile;
    QString database = QStringLiteral("sqlite"); // "sqlite", "sqlite:FILE" or "postgresql://..."
    TlsConfig tls;
    DirectoryConfig directory;
    HttpLimits http;
    bool demo = false;
    // Analytics consent for people who have not chosen: on, with opt-out, unless the
    // organisation says off (config file "analytics": {"default": "on" | "off"}; the command
    // line's --analytics-default on|off overrides the file).
    bool analyticsDefault = true;
    PasswordHasher::Cost passwordHashCost = PasswordHasher::Cost::Interactive;
    QString minimumAppVersion; // older apps get 426 upgrade_required at sign-in
    int accessLogRetentionDays = 90; // access log lines older than this are pruned
    int scanRecordRetentionDays = 90; // scan records older than this are pruned
    // Idempotency keys (and the answers stored with them) older than this are pruned: a retry
    // after that runs as a new request.
    int idempotencyKeyRetentionDays = 7;
    // Events of the sub-systems' events feeds (GET /v1/subsystem/events) older than this are
    // pruned: "retention": {"eventDays": 30}.
    int eventRetentionDays = 30;
    // How long an access-log line may wait in memory before it is written (with the others that
    // came meanwhile): what a crash can lose at most. "accessLog": {"flushMilliseconds": 250}.
    std::chrono::milliseconds accessLogFlushInterval { 250 };
    std::optional<QDateTime> startTime; // the injected clock (--now / TESSERA_SERVER_NOW)
    // --clock-file: an offset the running server reads from a file (ClockFile); demo only.
    QString clockFile;
    // How long a webhook receiver has to answer, from the connection's start until the whole
    // answer ("webhooks": {"timeoutSeconds": 30}, 1 to 300); slower is a failed attempt.
    std::chrono::seconds webhookTimeout { 30 };
    // The issuer keys HC1 certificates are checked with (--hc1-issuer-key FILE, PEM, read at
    // start): P-256 SubjectPublicKeyInfo DER. None: HC1 codes are stored as "not_checked".
    QList<QByteArray> hc1IssuerKeys;
    // Push (README "Push"; config file "push"): Web Push's VAPID key, a P-256 private key in PEM
    // ("vapidKeyFile", --vapid-key FILE; empty: no Web Push), and the VAPID subject
    // ("vapidSubject", --vapid-subject mailto:...|https://...); the options override the file.
    QString vapidKeyFile;
    QString vapidSubject;
    // FCM HTTP v1 ("push": {"fcm": {"serviceAccountFile", "endpoint"}}): Google's service account
    // JSON (empty: no FCM) and the FCM base URL (empty: https://fcm.googleapis.com).
    QString fcmServiceAccountFile;
    QString fcmEndpoint;
    // "push": {"apns": {...}}, as written, for the APNs transport's own reader (empty: no APNs).
    QJsonObject apns;

    // Reads a config file. Relative paths in it are taken from the file's folder. Unknown keys,
    // wrong types and impossible combinations are errors, with a message naming the key.
    static std::optional<ServerConfig> fromFile(const QString &path, QString *error);
    static std::optional<ServerConfig> fromJson(
        const QJsonObject &object, const QString &baseDir, QString *error);

    // "127.0.0.1:8080", "[::1]:0", "0.0.0.0:8443"
    bool setListen(const QString &text, QString *error);
    // Checks what only makes sense as a whole (TLS files exist, directory settings complete, ...).
    bool validate(QString *error) const;
};

} // namespace tessera::server
