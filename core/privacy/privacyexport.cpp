#include "privacy/privacyexport.h"

#include "identity/authorizedapi.h"
#include "identity/failuretext.h"
#include "identity/sessionscope.h"
#include "privacy/exportshare.h"
#include "privacy/privacylogging.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

namespace tessera {

namespace {

// The rows of every section's tables.
int rowCount(const QJsonObject &document)
{
    qsizetype rows = 0;
    const QJsonObject sections = document.value(QStringLiteral("sections")).toObject();
    for (auto section = sections.begin(); section != sections.end(); ++section) {
        const QJsonObject tables = section.value().toObject();
        for (auto table = tables.begin(); table != tables.end(); ++table)
            rows += table.value().toArray().size();
    }
    return int(rows);
}

} // namespace

PrivacyExport::PrivacyExport(AuthorizedApi &api, SessionScope &scope, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    // A sign-out drops what is on its way and what the page said about the last one.
    connect(&scope, &SessionScope::ended, this, [this]() {
        ++m_generation;
        if (m_state != State::Idle)
            finish(State::Idle, {});
    });
}

PrivacyExport::~PrivacyExport() = default;

bool PrivacyExport::choosesLocation() const
{
    return !m_share || m_share->choosesLocation();
}

bool PrivacyExport::exportTo(const QUrl &file)
{
    if (!file.isLocalFile()) {
        if (!isBusy())
            finish(State::Failed, tr("Choose a file on this device to save your data to."));
        return false;
    }
    return start(file.toLocalFile(), false);
}

bool PrivacyExport::exportToPath(const QString &path)
{
    return start(path, false);
}

bool PrivacyExport::exportToDefault()
{
    if (!m_share)
        return false;
    return start(m_share->defaultPath(), true);
}

QString PrivacyExport::suggestedPath() const
{
    if (m_share)
        return m_share->defaultPath();
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    return QDir(folder).filePath(QStringLiteral("tessera-my-data.json"));
}

void PrivacyExport::cancel()
{
    if (!isBusy())
        return;
    ++m_generation;
    qCInfo(lcPrivacy) << "data export cancelled";
    finish(State::Cancelled, tr("Export cancelled: nothing was saved."));
}

bool PrivacyExport::start(const QString &path, bool handOn)
{
    if (isBusy())
        return false;
    if (path.isEmpty() || QFileInfo(path).isDir()) {
        finish(State::Failed, tr("Choose a file to save your data to."));
        return false;
    }
    const quint64 generation = ++m_generation;
    m_received = 0;
    m_total = -1;
    Q_EMIT progressChanged();
    finish(State::Downloading, tr("Asking the server for your data…"));

    QFuture<ApiReply> answer = m_api.get(QStringLiteral("/v1/privacy/export"));
    auto *watcher = new QFutureWatcher<ApiReply>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
        [this, watcher, generation](int value) {
            if (generation != m_generation) {
                watcher->future().cancel(); // cancelled: the download stops
                return;
            }
            m_received = value;
            const int maximum = watcher->future().progressMaximum();
            m_total = maximum > 0 ? maximum : -1;
            Q_EMIT progressChanged();
        });
    connect(
        watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, path, handOn]() {
            watcher->deleteLater();
            if (generation != m_generation || watcher->future().resultCount() == 0)
                return;
            const ApiReply reply = watcher->future().result();
            if (!reply.ok()) {
                finish(State::Failed,
                    tr("Your data could not be exported: %1").arg(FailureText::describe(reply)));
                return;
            }
            if (!reply.body.value(QStringLiteral("sections")).isObject()) {
                finish(State::Failed, tr("The server's answer was not an export of your data."));
                return;
            }
            finish(State::Writing, tr("Saving your data…"));
            // Personal data: the owner's alone from the first byte; the file appears whole or
            // not at all (QSaveFile writes a temporary file beside it, then renames).
            const QByteArray json = QJsonDocument(reply.body).toJson(QJsonDocument::Indented);
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly)
                || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
                || file.write(json) != json.size() || !file.commit()) {
                qCWarning(lcPrivacy) << "the export could not be written:" << file.errorString();
                finish(State::Failed,
                    tr("Your data could not be saved to %1: %2").arg(path, file.errorString()));
                return;
            }
            m_savedPath = path;
            m_rows = rowCount(reply.body);
            if (handOn && m_share) {
                const QString problem = m_share->share(path);
                if (!problem.isEmpty()) {
                    finish(State::Failed,
                        tr("Your data was saved to %1 but could not be shared: %2")
                            .arg(path, problem));
                    return;
                }
            }
            finish(State::Done,
                (m_rows == 1 ? tr("Saved your data to %1 (1 row).")
                             : tr("Saved your data to %1 (%n rows).", nullptr, m_rows))
                    .arg(path));
        });
    watcher->setFuture(answer);
    return true;
}

void PrivacyExport::finish(State state, const QString &message)
{
    if (state == State::Downloading || state == State::Idle) {
        m_savedPath.clear();
        m_rows = 0;
    }
    m_state = state;
    m_message = message;
    Q_EMIT stateChanged();
}

} // namespace tessera
