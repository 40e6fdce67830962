#include "privacy/devicesmodel.h"

#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "privacy/privacylogging.h"

#include <QLocale>
#include <QUrl>

namespace tessera {

DevicesModel::DevicesModel(AuthorizedApi &api, SessionScope &scope, QObject *parent)
    : FetchedListModel(api, scope, lcPrivacy, parent)
{ }

DevicesModel::~DevicesModel() = default;

void DevicesModel::sessionEnded()
{
    replaceRows(m_devices, {});
    setSigningOut({});
}

QVariant DevicesModel::data(const QModelIndex &index, int role) const
{
    if (!isRow(index))
        return {};
    const DeviceEntry &device = m_devices.at(index.row());
    switch (role) {
    case DeviceIdRole:
        return device.id;
    case PlatformRole:
        return device.platform;
    case OsVersionRole:
        return device.osVersion;
    case ModelNameRole:
        return device.model;
    case AppVersionRole:
        return device.appVersion;
    case LastSeenAtRole:
        return device.lastSeenAt;
    case LastSeenTextRole:
        return relativeTime(device.lastSeenAt, QDateTime::currentDateTimeUtc());
    case CurrentRole:
        return device.current;
    case SignedInRole:
        return device.signedIn;
    default:
        return {};
    }
}

QHash<int, QByteArray> DevicesModel::roleNames() const
{
    return { { DeviceIdRole, "deviceId" }, { PlatformRole, "platform" },
        { OsVersionRole, "osVersion" }, { ModelNameRole, "modelName" },
        { AppVersionRole, "appVersion" }, { LastSeenAtRole, "lastSeenAt" },
        { LastSeenTextRole, "lastSeenText" }, { CurrentRole, "current" },
        { SignedInRole, "signedIn" } };
}

void DevicesModel::refresh()
{
    fetch<DeviceEntry>(QStringLiteral("/v1/me/devices"), QStringLiteral("devices"),
        tr("The server's answer was not a list of devices."), [this](QList<DeviceEntry> devices) {
            // Most recently seen first; this device on top when times are equal.
            std::stable_sort(
                devices.begin(), devices.end(), [](const DeviceEntry &a, const DeviceEntry &b) {
                    if (a.lastSeenAt != b.lastSeenAt)
                        return a.lastSeenAt > b.lastSeenAt;
                    return a.current && !b.current;
                });
            replaceRows(m_devices, std::move(devices));
        });
}

bool DevicesModel::signOut(const QString &deviceId)
{
    const qsizetype row = indexOf(deviceId);
    if (row < 0) {
        setError(tr("That device is not in your list."));
        return false;
    }
    const DeviceEntry &device = m_devices.at(row);
    if (device.current) {
        setError(tr("This is the device you are using: sign out from your profile instead."));
        return false;
    }
    if (!device.signedIn) {
        setError(tr("That device is signed out already."));
        return false;
    }
    if (!m_signingOut.isEmpty())
        return false;
    setSigningOut(deviceId);
    const QString model = device.model;
    const QString path =
        QStringLiteral("/v1/me/devices/") + QString::fromLatin1(QUrl::toPercentEncoding(deviceId));
    whenCurrent(api().deleteResource(path), [this, deviceId, model](const ApiReply &reply) {
        setSigningOut({});
        if (!reply.ok()) {
            setError(tr("%1 was not signed out: %2").arg(model, FailureText::describe(reply)));
            return;
        }
        qCInfo(lcPrivacy) << "signed out a device remotely";
        setError({});
        Q_EMIT signedOut(deviceId, model);
        refresh();
    });
    return true;
}

QString DevicesModel::relativeTime(const QDateTime &then, const QDateTime &now)
{
    if (!then.isValid())
        return tr("never");
    const qint64 seconds = then.secsTo(now);
    if (seconds < 60)
        return tr("just now"); // a little in the future (clocks differ) counts as now too
    // The English forms written out (tr's %n alone would say "5 minute(s)" without a
    // translation).
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return minutes == 1 ? tr("1 minute ago") : tr("%n minutes ago", nullptr, int(minutes));
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return hours == 1 ? tr("1 hour ago") : tr("%n hours ago", nullptr, int(hours));
    const qint64 days = hours / 24;
    if (days < 30)
        return days == 1 ? tr("yesterday") : tr("%n days ago", nullptr, int(days));
    return QLocale().toString(then.toLocalTime().date(), QLocale::ShortFormat);
}

void DevicesModel::setSigningOut(const QString &deviceId)
{
    if (m_signingOut == deviceId)
        return;
    m_signingOut = deviceId;
    Q_EMIT signingOutChanged();
}

qsizetype DevicesModel::indexOf(const QString &deviceId) const
{
    for (qsizetype i = 0; i < m_devices.size(); ++i)
        if (m_devices.at(i).id == deviceId)
            return i;
    return -1;
}

} // namespace tessera
