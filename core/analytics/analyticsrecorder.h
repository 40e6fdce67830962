#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace tessera {

class AnalyticsQueue;

// Records what the app is used for (DESIGN.md, "People's data"): screen views, features used and
// errors, counted per day with the platform and app version, in the encrypted database
// (AnalyticsQueue), never a user id, address or content. Under a random installation id kept in
// that database and rotated every 30 days (the previous one kept for an opt-out).
//
// Consent: the person's choice once made; until then the organisation's default (the server's
// GET /v1/analytics/settings, which AnalyticsUploader reads). Nothing is recorded before either
// is known. Opting out stops recording, empties the queue and queues both installation ids for
// DELETE /v1/analytics/installations/{id} (AnalyticsUploader sends it, again after a failure).
class AnalyticsRecorder : public QObject
{
    Q_OBJECT
    Q_PROPERTY(Consent consent READ consent NOTIFY consentChanged)
    Q_PROPERTY(bool enabled READ enabled NOTIFY consentChanged)
    // The consent question has not been answered on this device (the app asks once).
    Q_PROPERTY(bool needsAnswer READ needsAnswer NOTIFY consentChanged)
public:
    enum class Consent { Unset, On, Off };
    Q_ENUM(Consent)

    static constexpr int rotationDays = 30;
    using Now = std::function<QDateTime()>;

    // platform: "linux", "android", ...; appVersion: the app's. now: the clock (tests move it).
    AnalyticsRecorder(AnalyticsQueue &store, QString platform, QString appVersion, Now now = {},
        QObject *parent = nullptr);
    ~AnalyticsRecorder() override;

    Consent consent() const;
    bool enabled() const;
    bool needsAnswer() const { return consent() == Consent::Unset; }
    // The organisation's default (the uploader sets it from the server's settings).
    void setServerDefault(bool on);

    // The person's choice (the consent panel, the Profile switch, the CLI).
    Q_INVOKABLE void setConsent(bool on);

    // One more of these while enabled(); false when not recorded (no consent, no database, or a
    // name that is not [a-z0-9._-]{1,64} once lower-cased).
    Q_INVOKABLE bool screenViewed(const QString &name) { return record(u"screen", name); }
    Q_INVOKABLE bool featureUsed(const QString &name) { return record(u"feature", name); }
    // An error shown to the person: kind is one of AnalyticsErrorKinds::all() (exactly; never
    // the error's words); any other kind is dropped (false).
    Q_INVOKABLE bool errorShown(const QString &kind);

    // The current installation id: made (random, 32 url-safe characters) when none exists or
    // the current one is rotationDays old. Empty without a database.
    QString installationId();
    // The installation ids whose raw events the server must still drop, and one done.
    QStringList pendingDrops() const;
    void dropDone(const QString &installationId);

Q_SIGNALS:
    void consentChanged();
    // An event was queued; lines: how many lines wait now.
    void recorded(qint64 lines);
    // An opt-out queued installation ids to drop on the server.
    void dropsQueued();

private:
    bool record(QStringView kind, const QString &name);
    QDateTime now() const;

    AnalyticsQueue &m_store;
    const QString m_platform;
    const QString m_appVersion;
    const Now m_now;
};

} // namespace tessera
