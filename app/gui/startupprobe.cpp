#include "startupprobe.h"

#include "base/printtext.h"
#include "identity/session.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxsync.h"

#include <QFile>
#include <QQuickItem>
#include <QQuickWindow>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace tessera {

namespace {

qint64 monotonicNs()
{
#if defined(Q_OS_UNIX)
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
#else
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
#endif
}

// A field of /proc/self/status in KiB (Linux: VmHWM, the resident peak so far; RssAnon, RssFile:
// the resident heap and stacks, the resident mapped files); 0 where it cannot be read.
qint64 statusKiB(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field) && line.mid(field.size()).startsWith(':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

struct Mark
{
    const char *name;
    qint64 ns;
};
bool marksOn = false;
std::array<Mark, 16> marks {};
std::size_t markCount = 0;

} // namespace

std::optional<StartupProbe::Mode> StartupProbe::modeFromEnvironment(QString *error)
{
    if (!qEnvironmentVariableIsSet("TESSERA_STARTUP_PROBE"))
        return std::nullopt;
    const QString value = qEnvironmentVariable("TESSERA_STARTUP_PROBE");
    if (value == u"frame" || value == u"1")
        return Mode::FirstInboxFrame;
    if (value == u"synced")
        return Mode::AfterSync;
    if (error)
        *error =
            QStringLiteral("TESSERA_STARTUP_PROBE takes frame or synced, not \"%1\"").arg(value);
    return std::nullopt;
}

void StartupProbe::enableMarks()
{
    marksOn = true;
    mark("main");
}

void StartupProbe::mark(const char *name)
{
    if (!marksOn || markCount >= marks.size())
        return;
    marks[markCount++] = Mark { name, monotonicNs() };
}

StartupProbe::StartupProbe(Mode mode, const Session &session, const InboxModel &model,
    const InboxSync &sync, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_session(session)
    , m_model(model)
    , m_sync(sync)
{
    m_capTimer.setSingleShot(true);
    m_capTimer.setInterval(maxWaitMs);
    connect(&m_capTimer, &QTimer::timeout, this, [this] {
        if (m_done.exchange(true))
            return;
        printText(stderr,
            qPrintable(QString::asprintf(
                "tessera-startup-probe: no frame with inbox rows within %d ms (session state %d, "
                "inbox rows %d, synced %d)\n",
                maxWaitMs, int(m_session.state()), m_model.rowCount(), int(m_synced))));
        Q_EMIT finished(1);
    });
    connect(&m_session, &Session::databaseChanged, this, [] { mark("database"); });
    connect(&m_session, &Session::stateChanged, this, [this] {
        if (m_session.state() == Session::State::SignedIn)
            mark("signed-in");
    });
    connect(&m_model, &InboxModel::countChanged, this, [this] {
        if (!m_sawRows && m_model.count() > 0) {
            m_sawRows = true;
            mark("model-rows");
        }
    });
    connect(&m_session, &Session::servicesReleased, this, [this] {
        mark("services-released");
        if (m_frameNs > 0)
            QTimer::singleShot(0, this, &StartupProbe::printAndFinish);
    });
    // The sync's request itself: loading is also on while the services are held (sync due).
    connect(&m_sync, &InboxSync::loadingChanged, this, [this] {
        if (!m_sync.isLoading())
            mark("sync-end");
        else if (m_session.servicesMayRun())
            mark("sync-start");
    });
    connect(&m_sync, &InboxSync::synced, this, [this] {
        m_synced = true;
        if (QQuickWindow *w = m_window.data())
            w->update();
    });
}

StartupProbe::~StartupProbe() = default;

void StartupProbe::start(QQuickWindow *window)
{
    m_window = window;
    if (!window) {
        m_capTimer.start(0); // reports that no frame came
        return;
    }
    // GUI thread, after the items' polish (a ListView makes its delegates there) and before the
    // scene is synchronised for the frame.
    connect(window, &QQuickWindow::afterAnimating, this, &StartupProbe::checkRows);
    // The render thread with the threaded render loop: only atomics here.
    connect(
        window, &QQuickWindow::frameSwapped, this,
        [this] {
            if (!m_armed.load() || m_done.exchange(true))
                return;
            const qint64 frameNs = monotonicNs();
            QMetaObject::invokeMethod(
                this, [this, frameNs] { report(frameNs); }, Qt::QueuedConnection);
        },
        Qt::DirectConnection);
    m_capTimer.start();
    window->requestUpdate();
}

QQuickItem *StartupProbe::findList() const
{
    QQuickWindow *window = m_window.data();
    if (!window)
        return nullptr;
    QList<QQuickItem *> queue { window->contentItem() };
    while (!queue.isEmpty()) {
        QQuickItem *item = queue.takeFirst();
        if (item->objectName() == u"inboxList")
            return item;
        queue.append(item->childItems());
    }
    return nullptr;
}

void StartupProbe::checkRows()
{
    if (m_armed.load() || m_done.load())
        return;
    if (m_mode == Mode::AfterSync && !m_synced)
        return;
    if (!m_list)
        m_list = findList();
    QQuickItem *list = m_list.data();
    if (!list || !list->isVisible() || list->property("count").toInt() <= 0)
        return;
    QQuickItem *first = nullptr;
    QMetaObject::invokeMethod(list, "itemAtIndex", Qt::DirectConnection,
        Q_RETURN_ARG(QQuickItem *, first), Q_ARG(int, 0));
    if (!first || !first->isVisible())
        return;
    mark("rows-polished");
    m_armed.store(true);
}

void StartupProbe::report(qint64 frameNs)
{
    m_capTimer.stop();
    m_frameNs = frameNs;
    m_frameRows = m_model.count();
    m_frameHwmKiB = statusKiB("VmHWM");
    m_frameAnonKiB = statusKiB("RssAnon");
    m_frameFileKiB = statusKiB("RssFile");
    // Quits once the services held since the sign-in have started (a frame later), so that the
    // whole run's peak memory includes their start and the marks show it.
    if (!m_session.servicesHeld() || m_session.state() != Session::State::SignedIn)
        printAndFinish();
}

void StartupProbe::printAndFinish()
{
    if (m_printed)
        return;
    m_printed = true;
    QByteArray line = QByteArrayLiteral("tessera-startup-probe: frame-ns=")
        + QByteArray::number(m_frameNs) + QByteArrayLiteral(" rows=")
        + QByteArray::number(m_frameRows) + QByteArrayLiteral(" vmhwm-kib=")
        + QByteArray::number(m_frameHwmKiB) + QByteArrayLiteral(" rss-anon-kib=")
        + QByteArray::number(m_frameAnonKiB) + QByteArrayLiteral(" rss-file-kib=")
        + QByteArray::number(m_frameFileKiB) + QByteArrayLiteral(" marks=");
    for (std::size_t i = 0; i < markCount; ++i) {
        if (i > 0)
            line += ',';
        line += QByteArray(marks[i].name) + ':' + QByteArray::number(marks[i].ns);
    }
    line += '\n';
    printText(stdout, line.constData());
    Q_EMIT finished(0);
}

} // namespace tessera
