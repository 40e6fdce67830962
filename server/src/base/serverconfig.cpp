#include "base/serverconfig.h"

#include "protocol/jsonfields.h"
#include "protocol/wiretime.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QVersionNumber>

#include <cmath>

namespace tessera::server {

namespace {

QString resolvePath(const QString &baseDir, const QString &path)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir(baseDir).absoluteFilePath(path);
}

// Reads an optional string member; false (with error) when present but not a string.
bool readString(const QJsonObject &object, const QString &key, const QString &context, QString &out,
    QString *error)
{
    const auto it = object.constFind(key);
    if (it == object.constEnd())
        return true;
    if (!it->isString()) {
        *error = QStringLiteral("%1%2 must be a string").arg(context, key);
        return false;
    }
    out = it->toString();
    return true;
}

bool refuseUnknown(
    const QJsonObject &object, const QStringList &allowed, const QString &context, QString *error)
{
    const QStringList unknown = json::unknownFields(object, allowed);
    if (unknown.isEmpty())
        return true;
    *error = QStringLiteral("unknown setting %1%2 (known: %3)")
                 .arg(context, unknown.first(), allowed.join(QStringLiteral(", ")));
    return false;
}

bool readDirectory(
    const QJsonObject &object, const QString &baseDir, DirectoryConfig &directory, QString *error)
{
    const QString context = QStringLiteral("directory.");
    if (!refuseUnknown(object,
            { QStringLiteral("url"), QStringLiteral("security"), QStringLiteral("baseDn"),
                QStringLiteral("bindDn"), QStringLiteral("bindPassword"),
                QStringLiteral("bindPasswordFile"), QStringLiteral("caFile") },
            context, error))
        return false;
    QString url, security, passwordFile;
    if (!readString(object, QStringLiteral("url"), context, url, error)
        || !readString(object, QStringLiteral("security"), context, security, error)
        || !readString(object, QStringLiteral("baseDn"), context, directory.baseDn, error)
        || !readString(object, QStringLiteral("bindDn"), context, directory.bindDn, error)
        || !readString(
            object, QStringLiteral("bindPassword"), context, directory.bindPassword, error)
        || !readString(object, QStringLiteral("bindPasswordFile"), context, passwordFile, error)
        || !readString(object, QStringLiteral("caFile"), context, directory.caFile, error))
        return false;
    directory.url = QUrl(url, QUrl::StrictMode);
    directory.caFile = resolvePath(baseDir, directory.caFile);
    if (security.isEmpty() || security == QLatin1String("ldaps"))
        directory.security = DirectoryConfig::Security::Ldaps;
    else if (security == QLatin1String("starttls"))
        directory.security = DirectoryConfig::Security::StartTls;
    else if (security == QLatin1String("plain"))
        directory.security = DirectoryConfig::Security::Plain;
    else {
        *error = QStringLiteral("directory.security must be ldaps, starttls or plain");
        return false;
    }
    if (!passwordFile.isEmpty()) {
        QFile file(resolvePath(baseDir, passwordFile));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("directory.bindPasswordFile: cannot read %1: %2")
                         .arg(file.fileName(), file.errorString());
            return false;
        }
        directory.bindPassword = QString::fromUtf8(file.readAll()).trimmed();
    }
    return true;
}

// Reads the optional whole number object[key] within [minimum, maximum] into *out.
bool readWhole(const QJsonObject &object, const QString &key, const QString &context,
    qint64 minimum, qint64 maximum, qint64 *out, QString *error)
{
    if (!object.contains(key))
        return true;
    const QJsonValue number = object.value(key);
    const double value = number.toDouble(-1);
    if (!number.isDouble() || value != std::floor(value) || value < double(minimum)
        || value > double(maximum)) {
        *error = QStringLiteral("%1%2 must be a whole number from %3 to %4")
                     .arg(context, key)
                     .arg(minimum)
                     .arg(maximum);
        return false;
    }
    *out = static_cast<qint64>(value);
    return true;
}

bool readHttpLimits(const QJsonValue &value, HttpLimits &limits, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("http must be an object");
        return false;
    }
    const QJsonObject object = value.toObject();
    const QString context = QStringLiteral("http.");
    if (!refuseUnknown(object,
            { QStringLiteral("maxHeaderBytes"), QStringLiteral("headerTimeoutMilliseconds"),
                QStringLiteral("idleTimeoutMilliseconds"),
                QStringLiteral("maxConnectionsPerAddress"),
                QStringLiteral("apiKeyRequestsPerSecond"), QStringLiteral("apiKeyBurst") },
            context, error))
        return false;
    qint64 headerBytes = limits.maxHeaderBytes;
    qint64 headerTimeout = limits.headerTimeout.count();
    qint64 idleTimeout = limits.idleTimeout.count();
    qint64 perAddress = limits.maxConnectionsPerAddress;
    qint64 keyRate = limits.apiKeyRequestsPerSecond;
    qint64 keyBurst = limits.apiKeyBurst;
    if (!readWhole(
            object, QStringLiteral("maxHeaderBytes"), context, 1024, 1'048'576, &headerBytes, error)
        || !readWhole(object, QStringLiteral("headerTimeoutMilliseconds"), context, 100, 3'600'000,
            &headerTimeout, error)
        || !readWhole(object, QStringLiteral("idleTimeoutMilliseconds"), context, 100, 3'600'000,
            &idleTimeout, error)
        || !readWhole(object, QStringLiteral("maxConnectionsPerAddress"), context, 0, 1'000'000,
            &perAddress, error)
        || !readWhole(
            object, QStringLiteral("apiKeyRequestsPerSecond"), context, 0, 100'000, &keyRate, error)
        || !readWhole(object, QStringLiteral("apiKeyBurst"), context, 1, 100'000, &keyBurst, error))
        return false;
    limits.maxHeaderBytes = headerBytes;
    limits.headerTimeout = std::chrono::milliseconds(headerTimeout);
    limits.idleTimeout = std::chrono::milliseconds(idleTimeout);
    limits.maxConnectionsPerAddress = static_cast<int>(perAddress);
    limits.apiKeyRequestsPerSecond = static_cast<int>(keyRate);
    limits.apiKeyBurst = static_cast<int>(keyBurst);
    return true;
}

bool readWebhooks(const QJsonValue &value, ServerConfig &config, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("webhooks must be an object");
        return false;
    }
    const QJsonObject object = value.toObject();
    if (!refuseUnknown(
            object, { QStringLiteral("timeoutSeconds") }, QStringLiteral("webhooks."), error))
        return false;
    if (!object.contains(QStringLiteral("timeoutSeconds")))
        return true;
    const QJsonValue timeout = object.value(QStringLiteral("timeoutSeconds"));
    const double seconds = timeout.toDouble(-1);
    if (!timeout.isDouble() || seconds != std::floor(seconds) || seconds < 1 || seconds > 300) {
        *error = QStringLiteral("webhooks.timeoutSeconds must be a whole number from 1 to 300");
        return false;
    }
    config.webhookTimeout = std::chrono::seconds(static_cast<qint64>(seconds));
    return true;
}

// "analytics": {"default": "on" | "off"}: the consent of people who have not chosen.
bool readAnalytics(const QJsonValue &value, ServerConfig &config, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("analytics must be an object");
        return false;
    }
    const QJsonObject object = value.toObject();
    if (!refuseUnknown(object, { QStringLiteral("default") }, QStringLiteral("analytics."), error))
        return false;
    if (!object.contains(QStringLiteral("default")))
        return true;
    const QJsonValue setting = object.value(QStringLiteral("default"));
    if (setting != QJsonValue(QStringLiteral("on"))
        && setting != QJsonValue(QStringLiteral("off"))) {
        *error = QStringLiteral("analytics.default must be \"on\" or \"off\"");
        return false;
    }
    config.analyticsDefault = setting.toString() == u"on";
    return true;
}

} // namespace

bool ServerConfig::setListen(const QString &text, QString *error)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    QString host = colon > 0 ? text.left(colon) : QString();
    const QString portText = colon > 0 ? text.mid(colon + 1) : QString();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool portOk = false;
    const uint port = portText.toUInt(&portOk);
    const QHostAddress address(host);
    if (address.isNull() || !portOk || port > 65535) {
        *error =
            QStringLiteral("listen address “%1” is not ADDRESS:PORT (for example 127.0.0.1:8080)")
                .arg(text);
        return false;
    }
    listenAddress = address;
    listenPort = static_cast<quint16>(port);
    return true;
}

std::optional<ServerConfig> ServerConfig::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the config file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(file.read(qint64 { 1024 } * 1024), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("the config file %1 is not a JSON object: %2")
                     .arg(path, parseError.errorString());
        return std::nullopt;
    }
    QString problem;
    auto config = fromJson(document.object(), QFileInfo(path).absolutePath(), &problem);
    if (!config)
        *error = QStringLiteral("%1: %2").arg(path, problem);
    return config;
}
// "push": {"vapidKeyFile", "vapidSubject", "fcm": {"serviceAccountFile", "endpoint"},
// "apns": {...}}: the transports (README "Push"). apns is kept as it is for its own reader.
bool readPush(const QJsonValue &value, const QString &baseDir, ServerConfig &config, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("push must be an object");
        return false;
    }
    const QJsonObject object = value.toObject();
    if (!refuseUnknown(object,
            { QStringLiteral("vapidKeyFile"), QStringLiteral("vapidSubject"), QStringLiteral("fcm"),
                QStringLiteral("apns") },
            QStringLiteral("push."), error)
        || !readString(object, QStringLiteral("vapidKeyFile"), QStringLiteral("push."),
            config.vapidKeyFile, error)
        || !readString(object, QStringLiteral("vapidSubject"), QStringLiteral("push."),
            config.vapidSubject, error))
        return false;
    if (!config.vapidKeyFile.isEmpty())
        config.vapidKeyFile = resolvePath(baseDir, config.vapidKeyFile);
    for (const QString &key : { QStringLiteral("fcm"), QStringLiteral("apns") })
        if (object.contains(key) && !object.value(key).isObject()) {
            *error = QStringLiteral("push.%1 must be an object").arg(key);
            return false;
        }
    config.apns = object.value(QStringLiteral("apns")).toObject();
    if (object.contains(QStringLiteral("apns")) && config.apns.isEmpty()) { // not "no APNs"
        *error = QStringLiteral("push.apns.keyFile: the path of the .p8 key is required");
        return false;
    }
    // Its key file from the file's folder (the rest: ApnsTransport::Config::fromJson at start).
    const QJsonValue apnsKey = config.apns.value(QStringLiteral("keyFile"));
    if (apnsKey.isString() && !apnsKey.toString().isEmpty())
        config.apns.insert(QStringLiteral("keyFile"), resolvePath(baseDir, apnsKey.toString()));
    if (!object.contains(QStringLiteral("fcm")))
        return true;
    const QJsonObject fcm = object.value(QStringLiteral("fcm")).toObject();
    const QString context = QStringLiteral("push.fcm.");
    if (!refuseUnknown(fcm, { QStringLiteral("serviceAccountFile"), QStringLiteral("endpoint") },
            context, error)
        || !readString(
            fcm, QStringLiteral("serviceAccountFile"), context, config.fcmServiceAccountFile, error)
        || !readString(fcm, QStringLiteral("endpoint"), context, config.fcmEndpoint, error))
        return false;
    if (config.fcmServiceAccountFile.isEmpty()) {
        *error = QStringLiteral("push.fcm.serviceAccountFile must name the service account file");
        return false;
    }
    config.fcmServiceAccountFile = resolvePath(baseDir, config.fcmServiceAccountFile);
    const QUrl endpoint(config.fcmEndpoint, QUrl::StrictMode);
    if (!config.fcmEndpoint.isEmpty()
        && (!endpoint.isValid() || endpoint.host().isEmpty()
            || (endpoint.scheme() != u"https" && endpoint.scheme() != u"http"))) {
        *error = QStringLiteral("push.fcm.endpoint must be an https URL");
        return false;
    }
    return true;
}

std::optional<ServerConfig> ServerConfig::fromJson(
    const QJsonObject &object, const QString &baseDir, QString *error)
{
    ServerConfig config;
    if (!refuseUnknown(object,
            { QStringLiteral("listen"), QStringLiteral("dataDir"), QStringLiteral("database"),
                QStringLiteral("tls"), QStringLiteral("directory"), QStringLiteral("demo"),
                QStringLiteral("passwordHashCost"), QStringLiteral("minimumAppVersion"),
                QStringLiteral("retention"), QStringLiteral("accessLog"),
                QStringLiteral("secretsKeyFile"), QStringLiteral("http"),
                QStringLiteral("webhooks"), QStringLiteral("analytics"), QStringLiteral("push") },
            {}, error))
        return std::nullopt;
    QString listen, cost;
    if (!readString(object, QStringLiteral("listen"), {}, listen, error)
        || !readString(object, QStringLiteral("dataDir"), {}, config.dataDir, error)
        || !readString(object, QStringLiteral("database"), {}, config.database, error)
        || !readString(object, QStringLiteral("secretsKeyFile"), {}, config.secretsKeyFile, error)
        || !readString(object, QStringLiteral("passwordHashCost"), {}, cost, error)
        || !readString(
            object, QStringLiteral("minimumAppVersion"), {}, config.minimumAppVersion, error))
        return std::nullopt;
    if (!listen.isEmpty() && !config.setListen(listen, error))
        return std::nullopt;
    if (!config.minimumAppVersion.isEmpty()
        && QVersionNumber::fromString(config.minimumAppVersion).isNull()) {
        *error = QStringLiteral("minimumAppVersion must be a version such as 1.2.0");
        return std::nullopt;
    }
    if (object.contains(QStringLiteral("retention"))) {
        const QJsonValue retention = object.value(QStringLiteral("retention"));
        if (!retention.isObject()) {
            *error = QStringLiteral("retention must be an object");
            return std::nullopt;
        }
        const QJsonObject retentionObject = retention.toObject();
        if (!refuseUnknown(retentionObject,
                { QStringLiteral("accessLogDays"), QStringLiteral("scanRecordDays"),
                    QStringLiteral("idempotencyKeyDays"), QStringLiteral("eventDays") },
                QStringLiteral("retention."), error))
            return std::nullopt;
        for (const auto &[key, target] :
            { std::pair { QStringLiteral("accessLogDays"), &config.accessLogRetentionDays },
                std::pair { QStringLiteral("scanRecordDays"), &config.scanRecordRetentionDays },
                std::pair {
                    QStringLiteral("idempotencyKeyDays"), &config.idempotencyKeyRetentionDays },
                std::pair { QStringLiteral("eventDays"), &config.eventRetentionDays } }) {
            if (!retentionObject.contains(key))
                continue;
            const QJsonValue days = retentionObject.value(key);
            const double value = days.toDouble(-1);
            if (!days.isDouble() || value != std::floor(value) || value < 1 || value > 3650) {
                *error =
                    QStringLiteral("retention.%1 must be a whole number of days from 1 to 3650")
                        .arg(key);
                return std::nullopt;
            }
            *target = static_cast<int>(value);
        }
    }
    if (object.contains(QStringLiteral("accessLog"))) {
        const QJsonValue accessLog = object.value(QStringLiteral("accessLog"));
        if (!accessLog.isObject()) {
            *error = QStringLiteral("accessLog must be an object");
            return std::nullopt;
        }
        const QJsonObject accessLogObject = accessLog.toObject();
        if (!refuseUnknown(accessLogObject, { QStringLiteral("flushMilliseconds") },
                QStringLiteral("accessLog."), error))
            return std::nullopt;
        if (accessLogObject.contains(QStringLiteral("flushMilliseconds"))) {
            const QJsonValue flush = accessLogObject.value(QStringLiteral("flushMilliseconds"));
            const double value = flush.toDouble(-1);
            if (!flush.isDouble() || value != std::floor(value) || value < 10 || value > 60000) {
                *error = QStringLiteral(
                    "accessLog.flushMilliseconds must be a whole number from 10 to 60000");
                return std::nullopt;
            }
            config.accessLogFlushInterval = std::chrono::milliseconds(static_cast<qint64>(value));
        }
    }
    if (object.contains(QStringLiteral("webhooks"))
        && !readWebhooks(object.value(QStringLiteral("webhooks")), config, error))
        return std::nullopt;
    if (object.contains(QStringLiteral("analytics"))
        && !readAnalytics(object.value(QStringLiteral("analytics")), config, error))
        return std::nullopt;
    if (object.contains(QStringLiteral("push"))
        && !readPush(object.value(QStringLiteral("push")), baseDir, config, error))
        return std::nullopt;
    if (object.contains(QStringLiteral("http"))
        && !readHttpLimits(object.value(QStringLiteral("http")), config.http, error))
        return std::nullopt;
    config.dataDir = resolvePath(baseDir, config.dataDir);
    if (!config.secretsKeyFile.isEmpty())
        config.secretsKeyFile = resolvePath(baseDir, config.secretsKeyFile);
    if (config.database.startsWith(QLatin1String("sqlite:")))
        config.database = QStringLiteral("sqlite:")
            + resolvePath(baseDir, config.database.mid(static_cast<qsizetype>(7)));
    if (!cost.isEmpty()) {
        const auto parsed = PasswordHasher::costFromName(cost);
        if (!parsed) {
            *error = QStringLiteral("passwordHashCost must be interactive, moderate or minimum");
            return std::nullopt;
        }
        config.passwordHashCost = *parsed;
    }
    if (object.contains(QStringLiteral("demo"))) {
        if (!object.value(QStringLiteral("demo")).isBool()) {
            *error = QStringLiteral("demo must be true or false");
            return std::nullopt;
        }
        config.demo = object.value(QStringLiteral("demo")).toBool();
    }
    if (object.contains(QStringLiteral("tls"))) {
        const QJsonValue tls = object.value(QStringLiteral("tls"));
        if (!tls.isObject()) {
            *error = QStringLiteral("tls must be an object");
            return std::nullopt;
        }
        const QJsonObject tlsObject = tls.toObject();
        if (!refuseUnknown(tlsObject, { QStringLiteral("certificate"), QStringLiteral("key") },
                QStringLiteral("tls."), error)
            || !readString(tlsObject, QStringLiteral("certificate"), QStringLiteral("tls."),
                config.tls.certificateFile, error)
            || !readString(tlsObject, QStringLiteral("key"), QStringLiteral("tls."),
                config.tls.keyFile, error))
            return std::nullopt;
        config.tls.certificateFile = resolvePath(baseDir, config.tls.certificateFile);
        config.tls.keyFile = resolvePath(baseDir, config.tls.keyFile);
    }
    if (object.contains(QStringLiteral("directory"))) {
        const QJsonValue directory = object.value(QStringLiteral("directory"));
        if (!directory.isObject()) {
            *error = QStringLiteral("directory must be an object");
            return std::nullopt;
        }
        if (!readDirectory(directory.toObject(), baseDir, config.directory, error))
            return std::nullopt;
    }
    return config;
}

bool ServerConfig::validate(QString *error) const
{
    if (dataDir.isEmpty()) {
        *error = QStringLiteral("no data folder: give --data DIR or dataDir in the config file");
        return false;
    }
    if (database != QLatin1String("sqlite") && !database.startsWith(QLatin1String("sqlite:"))
        && !database.startsWith(QLatin1String("postgresql://"))
        && !database.startsWith(QLatin1String("postgres://"))) {
        *error = QStringLiteral("database must be sqlite, sqlite:FILE or a postgresql:// URL");
        return false;
    }
    if (!clockFile.isEmpty() && !demo) {
        *error = QStringLiteral("--clock-file is only for demo and test servers (with --demo)");
        return false;
    }
    if (tls.isEnabled() != !tls.keyFile.isEmpty()) {
        *error = QStringLiteral("tls needs both certificate and key");
        return false;
    }
    for (const QString &file : { tls.certificateFile, tls.keyFile }) {
        if (!file.isEmpty() && !QFileInfo(file).isReadable()) {
            *error = QStringLiteral("cannot read the TLS file %1").arg(file);
            return false;
        }
    }
    if (directory.isConfigured()) {
        const QString scheme = directory.url.scheme();
        if (!directory.url.isValid() || directory.url.host().isEmpty()
            || (scheme != QLatin1String("ldap") && scheme != QLatin1String("ldaps"))) {
            *error =
                QStringLiteral("directory.url must be ldaps://host[:port] or ldap://host[:port]");
            return false;
        }
        const bool wantsLdaps = directory.security == DirectoryConfig::Security::Ldaps;
        if (wantsLdaps != (scheme == QLatin1String("ldaps"))) {
            *error =
                QStringLiteral("directory.url scheme %1 does not fit security %2: use ldaps:// "
                               "for ldaps, ldap:// for starttls or plain")
                    .arg(scheme,
                        wantsLdaps ? QStringLiteral("ldaps") : QStringLiteral("starttls/plain"));
            return false;
        }
        if (directory.baseDn.isEmpty() || directory.bindDn.isEmpty()
            || directory.bindPassword.isEmpty()) {
            *error = QStringLiteral("directory needs baseDn, bindDn and bindPassword "
                                    "(or bindPasswordFile)");
            return false;
        }
    }
    return true;
}

} // namespace tessera::server
