#include "analytics/analyticsrecorder.h"

#include "analytics/analyticserrorkinds.h"
#include "analytics/analyticsqueue.h"
#include "analytics/internal/analyticslogging.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimeZone>

namespace tessera {

namespace {

const QString consentKey = QStringLiteral("consent");
const QString defaultKey = QStringLiteral("serverDefault");
const QString idKey = QStringLiteral("installation");
const QString idMadeKey = QStringLiteral("installationMadeAt");
const QString previousKey = QStringLiteral("previousInstallation");
const QString dropsKey = QStringLiteral("pendingDrops");

QString randomId()
{
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(
        reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / int(sizeof(quint32)));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

AnalyticsRecorder::AnalyticsRecorder(
    AnalyticsQueue &store, QString platform, QString appVersion, Now now, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_platform(std::move(platform))
    , m_appVersion(std::move(appVersion))
    , m_now(std::move(now))
{
    // Another person's database (or none): their consent.
    connect(&m_store, &AnalyticsQueue::databaseChanged, this, &AnalyticsRecorder::consentChanged);
}

AnalyticsRecorder::~AnalyticsRecorder() = default;

QDateTime AnalyticsRecorder::now() const
{
    return m_now ? m_now() : QDateTime::currentDateTimeUtc();
}

AnalyticsRecorder::Consent AnalyticsRecorder::consent() const
{
    const std::optional<QString> value = m_store.value(consentKey);
    if (!value)
        return Consent::Unset;
    return *value == u"on" ? Consent::On : Consent::Off;
}

bool AnalyticsRecorder::enabled() const
{
    switch (consent()) {
    case Consent::On:
        return true;
    case Consent::Off:
        return false;
    case Consent::Unset:
        break;
    }
    return m_store.value(defaultKey) == QStringLiteral("on");
}

void AnalyticsRecorder::setServerDefault(bool on)
{
    const bool was = enabled();
    m_store.setValue(defaultKey, on ? QStringLiteral("on") : QStringLiteral("off"));
    if (was != enabled())
        Q_EMIT consentChanged();
}

void AnalyticsRecorder::setConsent(bool on)
{
    if (!m_store.hasDatabase())
        return;
    if (!m_store.setValue(consentKey, on ? QStringLiteral("on") : QStringLiteral("off")))
        qCWarning(lcAnalytics) << "could not keep the analytics choice";
    if (!on) {
        // Nothing more goes out; what the server holds of this device goes too.
        QStringList drops = pendingDrops();
        for (const QString &key : { idKey, previousKey }) {
            const std::optional<QString> id = m_store.value(key);
            if (id && !id->isEmpty() && !drops.contains(*id))
                drops.append(*id);
            m_store.removeValue(key);
        }
        m_store.removeValue(idMadeKey);
        m_store.clear();
        m_store.setValue(dropsKey, drops.join(u','));
        qCInfo(lcAnalytics) << "analytics off: queue emptied," << drops.size()
                            << "installations to drop on the server";
        Q_EMIT dropsQueued();
    }
    Q_EMIT consentChanged();
}

QString AnalyticsRecorder::installationId()
{
    if (!m_store.hasDatabase())
        return {};
    const std::optional<QString> id = m_store.value(idKey);
    const std::optional<QString> madeAt = m_store.value(idMadeKey);
    const QDateTime current = now();
    const QDateTime made = madeAt
        ? QDateTime::fromMSecsSinceEpoch(madeAt->toLongLong(), QTimeZone::utc())
        : QDateTime();
    if (id && made.isValid() && made.daysTo(current) < rotationDays && made <= current)
        return *id;
    QString fresh = randomId();
    if (id)
        m_store.setValue(previousKey, *id);
    m_store.setValue(idKey, fresh);
    m_store.setValue(idMadeKey, QString::number(current.toMSecsSinceEpoch()));
    qCDebug(lcAnalytics) << (id ? "installation id rotated" : "installation id made");
    return fresh;
}

QStringList AnalyticsRecorder::pendingDrops() const
{
    return m_store.value(dropsKey).value_or(QString()).split(u',', Qt::SkipEmptyParts);
}

void AnalyticsRecorder::dropDone(const QString &installationId)
{
    QStringList drops = pendingDrops();
    drops.removeAll(installationId);
    m_store.setValue(dropsKey, drops.join(u','));
}

bool AnalyticsRecorder::errorShown(const QString &kind)
{
    if (!AnalyticsErrorKinds::isKnown(kind)) {
        qCDebug(lcAnalytics) << "an error kind that is not on the list was dropped";
        return false;
    }
    return record(u"error", kind);
}

bool AnalyticsRecorder::record(QStringView kind, const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9._-]{1,64}$"));
    const QString lower = name.toLower();
    if (!enabled() || !m_store.hasDatabase() || !pattern.match(lower).hasMatch())
        return false;
    const QDateTime current = now();
    installationId(); // made on the first event, rotated on its day
    if (!m_store.add({ current.toTimeZone(QTimeZone::utc()).date().toString(Qt::ISODate),
            kind.toString(), lower, m_platform, m_appVersion, 1 }))
        return false;
    Q_EMIT recorded(m_store.lineCount());
    return true;
}

} // namespace tessera
