#pragma once

#include "lists/fetchedlistmodel.h"
#include "privacy/deviceentry.h"

#include <QDateTime>
#include <QList>

namespace tessera {

// My devices: every device the signed-in person has signed in on (GET /v1/me/devices), most
// recently seen first, with platform, model, app version and when it was last seen, and which one
// is this device. signOut() ends another device's session remotely (DELETE /v1/me/devices/{id}:
// its tokens, passes and pass key); this device is never offered (its sign-out is the normal
// one, Session::signOut()). Nothing is cached: the list is asked for on refresh() and emptied at
// sign-out. An answer that is not a device list leaves the list as it was, with error set.
class DevicesModel : public tessera::FetchedListModel
{
    Q_OBJECT
    // The device being signed out now ("" when none).
    Q_PROPERTY(QString signingOut READ signingOut NOTIFY signingOutChanged)
public:
    enum Role {
        DeviceIdRole = Qt::UserRole + 1,
        PlatformRole,
        OsVersionRole,
        ModelNameRole,
        AppVersionRole,
        LastSeenAtRole, // QDateTime (UTC)
        LastSeenTextRole, // "5 minutes ago", by this device's clock
        CurrentRole, // this device
        SignedInRole,
    };
    Q_ENUM(Role)

    explicit DevicesModel(AuthorizedApi &api, SessionScope &scope, QObject *parent = nullptr);
    ~DevicesModel() override;

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString signingOut() const { return m_signingOut; }
    const QList<DeviceEntry> &devices() const { return m_devices; }

    // Asks the server for the list again.
    Q_INVOKABLE void refresh();
    // Signs out one of the person's other devices; false (and error set) when deviceId is not in
    // the list, is this device, is signed out already or another sign-out is on its way.
    Q_INVOKABLE bool signOut(const QString &deviceId);

    // "just now", "5 minutes ago", "3 hours ago", "2 days ago", else the date, from then to now.
    static QString relativeTime(const QDateTime &then, const QDateTime &now);

Q_SIGNALS:
    void signingOutChanged();
    // A remote sign-out the server confirmed (model: the device's name, for a message).
    void signedOut(const QString &deviceId, const QString &model);

protected:
    qsizetype size() const override { return m_devices.size(); }
    void sessionEnded() override;

private:
    void setSigningOut(const QString &deviceId);
    qsizetype indexOf(const QString &deviceId) const;

    QList<DeviceEntry> m_devices;
    QString m_signingOut;
};

} // namespace tessera
