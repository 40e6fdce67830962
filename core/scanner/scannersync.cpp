#include "scanner/scannersync.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "identity/userprofile.h"
#include "protocol/wiretime.h"
#include "storage/database.h"
#include "storage/localsetting.h"
#include "storage/sqltransaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QVariantMap>

namespace tessera {

namespace {

const QString cursorSetting = QStringLiteral("scanner.revocationCursor");
const QString scannerRole = QStringLiteral("scanner");

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

// One sync's answers, stored together once all of them came.
struct ScannerSync::Fetched
{
    QJsonObject trustJson;
    pass::TrustList trust;
    QJsonObject processesJson;
    QList<pass::CheckProcess> processes;
    QString cursor;
    QList<std::pair<QString, QString>> revoked; // pass id, expiresAt
    quint64 generation = 0;
};

ScannerSync::ScannerSync(
    AuthorizedApi &api, SessionScope &scope, const UserProfile &profile, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_scope(scope)
    , m_profile(profile)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ScannerSync::sync);
    connect(&scope, &SessionScope::started, this, &ScannerSync::followSession);
    connect(&scope, &SessionScope::ended, this, &ScannerSync::followSession);
    connect(&scope, &SessionScope::databaseChanged, this, &ScannerSync::followSession);
    followSession();
}

ScannerSync::~ScannerSync() = default;

QVariantList ScannerSync::processList() const
{
    QVariantList list;
    for (const pass::CheckProcess &process : m_processes)
        list.append(QVariantMap {
            { QStringLiteral("name"), process.name }, { QStringLiteral("title"), process.title } });
    return list;
}

void ScannerSync::setMaxTrustAge(qint64 seconds)
{
    m_maxTrustAge = std::max<qint64>(1, seconds);
    updateState();
}

void ScannerSync::setSyncInterval(std::chrono::milliseconds interval)
{
    m_intervalMs = static_cast<int>(interval.count());
}

void ScannerSync::setDeviceClock(Clock unixMs)
{
    m_deviceClock = std::move(unixMs);
    updateState();
}

qint64 ScannerSync::deviceNowMs() const
{
    return m_deviceClock ? m_deviceClock() : QDateTime::currentMSecsSinceEpoch();
}

qint64 ScannerSync::nowUnix() const
{
    return (deviceNowMs() + m_offsetMs) / 1000;
}

std::function<qint64()> ScannerSync::scannerClock() const
{
    const qint64 offset = m_offsetMs;
    const Clock device = m_deviceClock;
    return [offset, device]() {
        return ((device ? device() : QDateTime::currentMSecsSinceEpoch()) + offset) / 1000;
    };
}

std::optional<pass::PassVerifier> ScannerSync::verifier(QString *error) const
{
    const auto refuse = [error](const QString &message) -> std::optional<pass::PassVerifier> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!m_trust || !m_syncedAt.isValid())
        return refuse(tr("This scanner has no trust list yet. Go online and sync first."));
    const qint64 age = nowUnix() - m_syncedAt.toSecsSinceEpoch();
    if (age > m_maxTrustAge)
        return refuse(tr("This scanner's trust list is from %1, older than %2 days. Go online "
                         "and sync before scanning.")
                          .arg(wiretime::format(m_syncedAt))
                          .arg(m_maxTrustAge / 86400.0, 0, 'g', 3));
    return pass::PassVerifier(*m_trust, m_revoked);
}

std::optional<pass::CheckProcess> ScannerSync::checkProcess(const QString &name) const
{
    for (const pass::CheckProcess &process : m_processes) {
        if (process.name == name)
            return process;
    }
    return std::nullopt;
}

std::optional<pass::TrustBundle> ScannerSync::trustBundle() const
{
    if (!m_trust || !m_syncedAt.isValid())
        return std::nullopt;
    return pass::TrustBundle { *m_trust, m_processes, m_revoked, m_syncedAt.toUTC() };
}

// --- following the session -------------------------------------------------------------------

void ScannerSync::followSession()
{
    const SessionScope &scope = m_scope;
    const std::shared_ptr<Database> database = scope.database();
    // Signed in and its services released (the app holds them until its first frame is on
    // screen).
    const bool signedIn = scope.isStarted();
    if (!database) {
        if (m_database)
            clear();
        return;
    }
    if (!signedIn || database == m_database)
        return;
    clear();
    m_database = database;
    if (load())
        Q_EMIT syncedChanged();
    updateState();
    sync(); // a person without the scanner role gets Error with words, and nothing is fetched
}

void ScannerSync::clear()
{
    ++m_generation;
    m_timer.stop();
    m_database.reset();
    const bool had = m_trust.has_value();
    m_trust.reset();
    m_processes.clear();
    m_revoked.clear();
    m_syncedAt = {};
    m_offsetMs = 0;
    setSyncing(false);
    setError({});
    if (had)
        Q_EMIT syncedChanged();
    setState(State::NotSynced);
}

bool ScannerSync::load()
{
    Database &db = *m_database;
    m_offsetMs = serverclock::load(db);
    SqlStatement row =
        db.prepare("SELECT trust, processes, syncedAt FROM scanner_trust WHERE slot = 1");
    if (!row.isValid() || row.step() != SqlStatement::Step::Row)
        return false;
    QString problem;
    const auto trust = pass::TrustList::fromJson(parseObject(row.columnText(0)), &problem);
    const auto processes =
        pass::CheckProcess::listFromJson(parseObject(row.columnText(1)), &problem);
    const auto syncedAt = wiretime::parse(row.columnText(2));
    if (!trust || !processes || !syncedAt) {
        qCWarning(lcPass).noquote() << "the stored trust list is not readable:" << problem;
        return false;
    }
    QSet<QString> revoked;
    SqlStatement ids = db.prepare("SELECT passId FROM revoked_passes");
    while (ids.isValid() && ids.step() == SqlStatement::Step::Row)
        revoked.insert(ids.columnText(0));
    m_trust = trust;
    m_processes = *processes;
    m_revoked = revoked;
    m_syncedAt = *syncedAt;
    return true;
}

// --- sync ------------------------------------------------------------------------------------

void ScannerSync::sync()
{
    if (m_syncing || !m_database)
        return;
    m_timer.stop();
    if (!m_profile.hasRole(scannerRole)) {
        setError(tr("This account may not scan passes: it has no scanner role."));
        setState(State::Error);
        Q_EMIT finished(false);
        return;
    }
    setSyncing(true);
    if (!m_trust)
        setState(State::Syncing);
    auto fetched = std::make_shared<Fetched>();
    fetched->generation = m_generation;
    whenFinished(
        this, m_api.get(QStringLiteral("/v1/trust")), [this, fetched](const ApiReply &trustReply) {
            if (fetched->generation != m_generation)
                return;
            noteClock(trustReply);
            if (!trustReply.ok()) {
                fail(FailureText::describe(trustReply));
                return;
            }
            QString problem;
            const auto trust = pass::TrustList::fromJson(trustReply.body, &problem);
            if (!trust) {
                fail(tr("The server's trust list was not understood: %1").arg(problem));
                return;
            }
            fetched->trustJson = trustReply.body;
            fetched->trust = *trust;
            whenFinished(this, m_api.get(QStringLiteral("/v1/check-processes")),
                [this, fetched](const ApiReply &reply) {
                    if (fetched->generation != m_generation)
                        return;
                    if (!reply.ok()) {
                        fail(FailureText::describe(reply));
                        return;
                    }
                    QString why;
                    const auto processes = pass::CheckProcess::listFromJson(reply.body, &why);
                    if (!processes) {
                        fail(tr("The server's check processes were not understood: %1").arg(why));
                        return;
                    }
                    fetched->processesJson = reply.body;
                    fetched->processes = *processes;
                    fetched->cursor =
                        localsetting::read(*m_database, cursorSetting).value_or(QString());
                    fetchRevocations(fetched, 0);
                });
        });
}

void ScannerSync::fetchRevocations(const std::shared_ptr<Fetched> &fetched, int page)
{
    QString path = QStringLiteral("/v1/revocations");
    if (!fetched->cursor.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("since"), fetched->cursor);
        path += QLatin1Char('?') + query.toString(QUrl::FullyEncoded);
    }
    whenFinished(this, m_api.get(path), [this, fetched, page](const ApiReply &reply) {
        if (fetched->generation != m_generation)
            return;
        if (!reply.ok()) {
            fail(FailureText::describe(reply));
            return;
        }
        static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9._-]{1,32}$"));
        const QJsonValue revoked = reply.body.value(QStringLiteral("revoked"));
        const QString cursor = reply.body.value(QStringLiteral("cursor")).toString();
        if (!revoked.isArray() || cursor.isEmpty() || cursor.size() > 64) {
            fail(tr("The server's revocation list was not understood."));
            return;
        }
        const QJsonArray entries = revoked.toArray();
        for (const auto &value : entries) {
            const QString id = value.toObject().value(QStringLiteral("passId")).toString();
            const QString expires = value.toObject().value(QStringLiteral("expiresAt")).toString();
            if (!idPattern.match(id).hasMatch() || !wiretime::parse(expires)) {
                fail(tr("The server's revocation list was not understood."));
                return;
            }
            fetched->revoked.append({ id, expires });
        }
        fetched->cursor = cursor;
        if (reply.body.value(QStringLiteral("hasMore")).toBool() && page + 1 < maxRevocationPages) {
            fetchRevocations(fetched, page + 1);
            return;
        }
        if (!storeFetched(*fetched)) {
            fail(tr("The trust list could not be kept on this device."));
            return;
        }
        load();
        setSyncing(false);
        setError({});
        qCInfo(lcPass) << "scanner synced:" << m_trust->size() << "issuer keys,"
                       << m_processes.size() << "check processes," << m_revoked.size()
                       << "revoked passes";
        Q_EMIT syncedChanged();
        updateState();
        m_timer.start(m_intervalMs);
        Q_EMIT finished(true);
    });
}

bool ScannerSync::storeFetched(const Fetched &fetched)
{
    Database &db = *m_database;
    SqlTransaction transaction(db);
    if (!transaction.isActive())
        return false;
    const QDateTime now = QDateTime::fromSecsSinceEpoch(nowUnix(), Qt::UTC);
    SqlStatement trust = db.prepare("INSERT OR REPLACE INTO scanner_trust (slot, trust, processes,"
                                    " syncedAt) VALUES (1, ?1, ?2, ?3)");
    if (!trust.isValid())
        return false;
    trust.bindText(1, compact(fetched.trustJson));
    trust.bindText(2, compact(fetched.processesJson));
    trust.bindText(3, wiretime::format(now));
    if (!trust.exec())
        return false;
    SqlStatement insert =
        db.prepare("INSERT OR REPLACE INTO revoked_passes (passId, expiresAt) VALUES (?1, ?2)");
    if (!insert.isValid())
        return false;
    for (const auto &[id, expires] : fetched.revoked) {
        insert.reset();
        insert.bindText(1, id);
        insert.bindText(2, wiretime::format(*wiretime::parse(expires)));
        if (!insert.exec())
            return false;
    }
    // A revoked pass that has expired is refused as expired anyway.
    SqlStatement prune = db.prepare("DELETE FROM revoked_passes WHERE expiresAt < ?1");
    if (!prune.isValid())
        return false;
    prune.bindText(1, wiretime::format(now));
    return prune.exec() && localsetting::write(db, cursorSetting, fetched.cursor)
        && serverclock::save(db, m_offsetMs) && transaction.commit();
}

void ScannerSync::fail(const QString &message)
{
    qCInfo(lcPass).noquote() << "scanner sync failed:" << message;
    setSyncing(false);
    setError(message);
    updateState();
    m_timer.start(std::min(m_intervalMs, 60 * 1000));
    Q_EMIT finished(false);
}

void ScannerSync::noteClock(const ApiReply &reply)
{
    if (const std::optional<qint64> offset = serverclock::offsetOf(reply))
        m_offsetMs = *offset;
}

void ScannerSync::updateState()
{
    if (m_syncing && !m_trust) {
        setState(State::Syncing);
        return;
    }
    if (!m_trust) {
        setState(m_errorMessage.isEmpty() ? State::NotSynced : State::Error);
        return;
    }
    setState(verifier() ? State::Ready : State::Stale);
}

void ScannerSync::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

void ScannerSync::setError(const QString &message)
{
    if (m_errorMessage == message)
        return;
    m_errorMessage = message;
    Q_EMIT errorChanged();
}

void ScannerSync::setSyncing(bool syncing)
{
    if (m_syncing == syncing)
        return;
    m_syncing = syncing;
    Q_EMIT busyChanged();
}

} // namespace tessera
