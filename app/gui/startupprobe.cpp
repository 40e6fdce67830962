#include "startupprobe.h"

#include "base/printtext.h"
#include "home/homemodel.h"
#include "home/homesync.h"
#include "identity/session.h"
#include "identity/sessionscope.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxsync.h"

#include <QFile>
#include <QQuickItem>
#include <QQuickWindow>

#include <algorithm>
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
std::array<Mark, 32> marks {};
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

StartupProbe::StartupProbe(Mode mode, const Sources &sources, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_sources(sources)
{
    const Session &session = m_sources.session;
    m_capTimer.setSingleShot(true);
    m_capTimer.setInterval(maxWaitMs);
    connect(&m_capTimer, &QTimer::timeout, this, [this] {
        if (m_done.exchange(true))
            return;
        printText(stderr,
            qPrintable(QString::asprintf(
                "tessera-startup-probe: no frame with rows within %d ms (session state %d, "
                "page shown \"%s\", inbox rows %d, synced %d, Home cards %d, synced %d)\n",
                maxWaitMs, int(m_sources.session.state()), qPrintable(m_page),
                m_sources.inboxModel.rowCount(), int(m_inboxSynced), m_sources.homeModel.rowCount(),
                int(m_homeSynced))));
        Q_EMIT finished(1);
    });
    // Each signal's QML reactions (bindings, Connections) run before its C++ slots, and these
    // slots come after the services' own: a mark here is the signal's end. "user" follows the
    // profile's read and userChanged, "held" the services hearing of the sign-in (just before
    // stateChanged), so "held" → "signed-in" is stateChanged's QML: the signed-in shell made.
    connect(&session, &Session::databaseChanged, this, [] { mark("database"); });
    connect(&session, &Session::userChanged, this, [] { mark("user"); });
    connect(&session.scope(), &SessionScope::held, this, [] { mark("held"); });
    connect(&session, &Session::stateChanged, this, [this] {
        if (m_sources.session.state() == Session::State::SignedIn)
            mark("signed-in");
    });
    connect(&m_sources.inboxModel, &InboxModel::countChanged, this, [this] {
        if (!m_sawInboxRows && m_sources.inboxModel.count() > 0) {
            m_sawInboxRows = true;
            mark("inbox-rows");
        }
    });
    connect(&m_sources.homeModel, &HomeModel::countChanged, this, [this] {
        if (!m_sawHomeRows && m_sources.homeModel.rowCount() > 0) {
            m_sawHomeRows = true;
            mark("home-rows");
        }
    });
    connect(&session, &Session::servicesReleased, this, [this] {
        mark("services-released");
        if (m_frameNs > 0)
            QTimer::singleShot(0, this, &StartupProbe::printAndFinish);
    });
    // The inbox sync's request itself: loading is also on while the services are held (sync
    // due).
    connect(&m_sources.inboxSync, &InboxSync::loadingChanged, this, [this] {
        if (!m_sources.inboxSync.isLoading())
            mark("sync-end");
        else if (m_sources.session.servicesMayRun())
            mark("sync-start");
    });
    const auto synced = [this](bool *flag) {
        *flag = true;
        if (QQuickWindow *w = m_window.data())
            w->update();
    };
    connect(
        &m_sources.inboxSync, &InboxSync::synced, this, [this, synced] { synced(&m_inboxSynced); });
    connect(
        &m_sources.homeSync, &HomeSync::synced, this, [this, synced] { synced(&m_homeSynced); });
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

QQuickItem *StartupProbe::shownList()
{
    if (QQuickItem *list = m_list.data(); list && list->isVisible())
        return list;
    m_list = nullptr;
    QQuickWindow *window = m_window.data();
    if (!window)
        return nullptr;
    QList<QQuickItem *> queue { window->contentItem() };
    while (!queue.isEmpty()) {
        QQuickItem *item = queue.takeFirst();
        if (!item->isVisible())
            continue;
        const QString name = item->objectName();
        if (name == u"homeList" || name == u"inboxList") {
            m_list = item;
            m_page = name == u"homeList" ? QStringLiteral("home") : QStringLiteral("inbox");
            return item;
        }
        queue.append(item->childItems());
    }
    return nullptr;
}

void StartupProbe::checkRows()
{
    if (m_armed.load() || m_done.load())
        return;
    QQuickItem *list = shownList();
    if (!list || list->property("count").toInt() <= 0)
        return;
    if (m_mode == Mode::AfterSync && !(m_page == u"home" ? m_homeSynced : m_inboxSynced))
        return;
    // A delegate shown: a visible child of the list's content item with a size (the first row
    // need not be index 0: a list may open scrolled).
    bool shown = false;
    if (auto *content = list->property("contentItem").value<QQuickItem *>()) {
        const QList<QQuickItem *> children = content->childItems();
        shown = std::any_of(children.cbegin(), children.cend(), [](const QQuickItem *child) {
            return child->isVisible() && child->width() > 0 && child->height() > 0;
        });
    }
    if (!shown) {
        // The rows are there but not their delegates yet: look again at the next frame, which
        // nothing else may ask for.
        if (QQuickWindow *window = m_window.data())
            QTimer::singleShot(0, window, &QQuickWindow::update);
        return;
    }
    mark("rows-polished");
    m_armed.store(true);
}

void StartupProbe::report(qint64 frameNs)
{
    m_capTimer.stop();
    m_frameNs = frameNs;
    // The model's rows (the inbox list holds its first page of them).
    m_frameRows =
        m_page == u"inbox" ? m_sources.inboxModel.count() : m_sources.homeModel.rowCount();
    m_frameHwmKiB = statusKiB("VmHWM");
    m_frameAnonKiB = statusKiB("RssAnon");
    m_frameFileKiB = statusKiB("RssFile");
    // Quits once the services held since the sign-in have started (a frame later), so that the
    // whole run's peak memory includes their start and the marks show it.
    if (!m_sources.session.servicesHeld() || m_sources.session.state() != Session::State::SignedIn)
        printAndFinish();
}

void StartupProbe::printAndFinish()
{
    if (m_printed)
        return;
    m_printed = true;
    QByteArray line = QByteArrayLiteral("tessera-startup-probe: frame-ns=")
        + QByteArray::number(m_frameNs) + QByteArrayLiteral(" page=") + m_page.toLatin1()
        + QByteArrayLiteral(" rows=") + QByteArray::number(m_frameRows)
        + QByteArrayLiteral(" vmhwm-kib=") + QByteArray::number(m_frameHwmKiB)
        + QByteArrayLiteral(" rss-anon-kib=") + QByteArray::number(m_frameAnonKiB)
        + QByteArrayLiteral(" rss-file-kib=") + QByteArray::number(m_frameFileKiB)
        + QByteArrayLiteral(" marks=");
    for (std::size_t i = 0; i < markCount; ++i) {
        if (i > 0)
            line += ',';
        line += QByteArray(marks[i].name) + ':' + QByteArray::number(marks[i].ns);
    }
    line += '\n';
    printText(stdout, line.constData());
    // For finding where the memory is (docs/PERFORMANCE.md): a copy of /proc/self/smaps now.
    const QString smapsCopy = qEnvironmentVariable("TESSERA_STARTUP_PROBE_SMAPS");
    if (!smapsCopy.isEmpty()) {
        QFile smaps(QStringLiteral("/proc/self/smaps"));
        QFile copy(smapsCopy);
        if (!smaps.open(QIODevice::ReadOnly) || !copy.open(QIODevice::WriteOnly)
            || copy.write(smaps.readAll()) < 0)
            printText(stderr, "tessera-startup-probe: cannot copy /proc/self/smaps\n");
    }
    Q_EMIT finished(0);
}

} // namespace tessera
