#pragma once

// The app in the push benchmark's process, on a thread of its own (the publisher's blocking socket
// must not hold its event loop): the core parts qml/src/clientservices.cpp builds, signed in as
// one person, and the CLOCK_MONOTONIC time at which each notification's model row was inserted.
// Another benchmark adds its own parts through an Extension (bench_webpush_desktop: the desktop
// notifier).
#include "feed/streamclient.h"
#include "identity/session.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxsync.h"
#include "net/apiclient.h"
#include "net/serverendpoint.h"
#include "selfclock.h"
#include "services/clientstack.h"
#include "sessiontesting.h"
#include "storage/memorysecretstore.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <functional>
#include <optional>

namespace tessera::bench {

class AppClient
{
public:
    // What another benchmark adds, on the app's thread: build after the client stack is made and
    // before the sign-in (false with *error: the start fails), ready a further condition for
    // being live (looked at again every 50 ms), teardown before the stack goes.
    struct Extension
    {
        ClientStack::Features features =
            ClientStack::Feature::Inbox | ClientStack::Feature::InboxView;
        QString deviceId = QStringLiteral("bench-push-app");
        std::function<bool(ClientStack &stack, QString *error)> build;
        std::function<bool()> ready;
        std::function<void()> teardown;
    };

    AppClient() = default;
    explicit AppClient(Extension extension)
        : m_extension(std::move(extension))
    { }
    AppClient(const AppClient &) = delete;
    AppClient &operator=(const AppClient &) = delete;
    ~AppClient() { stop(); }

    // Signs in, waits for the stream to be open and the first sync to end; false with error.
    bool start(const QUrl &server, const QString &username, const QString &password,
        const QString &databasePath, QString *error)
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        m_readFilter.moveToThread(&m_thread); // a filter works on its own thread's objects
        QMetaObject::invokeMethod(
            &m_context, [&] { build(server, username, password, databasePath); },
            Qt::BlockingQueuedConnection);
        // Bounded: 60 s for sign-in, stream and first sync (loopback; a timeout is a failure).
        const qint64 until = monotonicNs() + 60'000'000'000LL;
        while (!m_ready.load() && !m_failed.load() && monotonicNs() < until)
            QThread::msleep(5);
        if (m_ready.load())
            return true;
        const QMutexLocker lock(&m_mutex);
        *error = m_error.isEmpty() ? QStringLiteral("the app was not live within 60 s") : m_error;
        return false;
    }

    std::optional<qint64> insertedNs(const QString &id) const
    {
        const QMutexLocker lock(&m_mutex);
        const auto found = m_inserted.constFind(id);
        return found == m_inserted.cend() ? std::nullopt : std::optional<qint64>(*found);
    }

    // When the app's stream handed over hints (in order).
    QList<qint64> hintsNs() const
    {
        const QMutexLocker lock(&m_mutex);
        return m_hints;
    }

    void stop()
    {
        if (!m_thread.isRunning())
            return;
        // In the order the app tears down, on the parts' own thread.
        QMetaObject::invokeMethod(
            &m_context,
            [this] {
                delete m_poll;
                m_poll = nullptr;
                if (m_extension.teardown)
                    m_extension.teardown();
                m_stack.reset();
                m_session.reset();
                m_client.reset();
                m_secrets.reset();
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

private:
    void fail(const QString &why)
    {
        const QMutexLocker lock(&m_mutex);
        m_error = why;
        m_failed = true;
    }

    void note(int first, int last)
    {
        const qint64 now = monotonicNs();
        const QMutexLocker lock(&m_mutex);
        for (int row = first; row <= last; ++row)
            m_inserted.insert(m_model->itemAt(row).id, now); // a later insert of an id: newer
    }

    void followModel()
    {
        QObject::connect(m_model, &QAbstractItemModel::rowsInserted, &m_context,
            [this](const QModelIndex &, int first, int last) { note(first, last); });
        // Should the model start over (it does when the order changed), every row counts.
        QObject::connect(m_model, &QAbstractItemModel::modelReset, &m_context, [this] {
            const qint64 now = monotonicNs();
            const QMutexLocker lock(&m_mutex);
            for (int row = 0; row < m_model->rowCount(); ++row) {
                if (!m_inserted.contains(m_model->itemAt(row).id))
                    m_inserted.insert(m_model->itemAt(row).id, now);
            }
        });
    }

    // The stream's socket has bytes to read: the time its hints reach the app, before the
    // StreamClient's slots (the carried item's store write included) run. Only the stream's
    // socket lives under StreamClient (the GETs go through ApiClient); the same event at once
    // is noted once.
    void followStreamReads()
    {
        const auto notifiers = m_sync->stream().findChildren<QSocketNotifier *>();
        for (QSocketNotifier *notifier : notifiers) {
            if (notifier->type() == QSocketNotifier::Read && !m_followed.contains(notifier)) {
                m_followed.insert(notifier);
                notifier->installEventFilter(&m_readFilter);
            }
        }
    }

    class ReadFilter : public QObject
    {
    public:
        explicit ReadFilter(AppClient &app)
            : m_app(app)
        { }
        bool eventFilter(QObject *watched, QEvent *event) override
        {
            if (event->type() == QEvent::SockAct) {
                const qint64 now = monotonicNs();
                const QMutexLocker lock(&m_app.m_mutex);
                m_app.m_hints.append(now);
            }
            return QObject::eventFilter(watched, event);
        }

    private:
        AppClient &m_app;
    };

    void build(const QUrl &server, const QString &username, const QString &password,
        const QString &databasePath)
    {
        QString error;
        const auto endpoint = ServerEndpoint::parse(
            server.toString(), ServerEndpoint::PlainHttp::AllowOnLoopback, &error);
        if (!endpoint)
            return fail(error);
        m_secrets = std::make_unique<MemorySecretStore>();
        m_client = std::make_unique<ApiClient>(*endpoint);
        m_session = std::make_unique<Session>(*m_client, *m_secrets, m_device,
            Session::Options { databasePath, m_extension.deviceId, {} });
        ClientStack::Options options;
        options.features = m_extension.features;
        m_stack = std::make_unique<ClientStack>(*m_session, *m_secrets, options);
        m_sync = m_stack->part<InboxSync>();
        m_model = m_stack->part<InboxModel>();
        if (m_extension.build && !m_extension.build(*m_stack, &error))
            return fail(error);
        QObject::connect(
            &m_sync->stream(), &StreamClient::changed, &m_context, [this](const QString &kind) {
                if (kind != u"inbox")
                    return;
                const qint64 now = monotonicNs();
                const QMutexLocker lock(&m_mutex);
                m_hints.append(now);
            });
        // A hint that carries the item (issue 21.2) is applied by InboxSync, connected first,
        // before any slot here runs: its time is when the stream's socket became readable
        // (followStreamReads), once the stream is open.
        QObject::connect(
            &m_sync->stream(), &StreamClient::opened, &m_context, [this] { followStreamReads(); });
        if (m_model != nullptr)
            followModel();
        const auto check = [this] {
            if (m_session->state() == Session::State::SignedIn && m_sync->isLive() && m_synced
                && !m_sync->isLoading() && (!m_extension.ready || m_extension.ready()))
                m_ready = true;
        };
        QObject::connect(m_sync, &InboxSync::synced, &m_context, [this, check] {
            m_synced = true;
            check();
        });
        QObject::connect(m_sync, &InboxSync::liveChanged, &m_context, check);
        QObject::connect(m_sync, &InboxSync::loadingChanged, &m_context, check);
        QObject::connect(m_session.get(), &Session::finished, &m_context, [this, check] {
            if (m_session->state() != Session::State::SignedIn)
                return fail(
                    QStringLiteral("the app's sign-in failed: ") + m_session->errorMessage());
            check();
        });
        if (m_extension.ready) {
            // The extension's condition may change without a signal of the parts here.
            m_poll = new QTimer(&m_context);
            QObject::connect(m_poll, &QTimer::timeout, &m_context, check);
            m_poll->start(50);
        }
        m_sync->start();
        m_session->signIn(QStringLiteral("local"), username, password);
    }

    Extension m_extension;
    QThread m_thread;
    QObject m_context; // lives on m_thread: the parts' signals are handled there
    QTimer *m_poll = nullptr; // m_thread only: looks at the extension's condition
    test::TestDeviceInfo m_device { QStringLiteral("bench-push") };
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ClientStack> m_stack;
    InboxSync *m_sync = nullptr;
    InboxModel *m_model = nullptr;
    ReadFilter m_readFilter { *this }; // lives on m_thread
    QSet<const QObject *> m_followed; // m_thread only: notifiers filtered
    bool m_synced = false; // on m_thread only
    std::atomic<bool> m_ready { false };
    std::atomic<bool> m_failed { false };
    mutable QMutex m_mutex;
    QString m_error;
    QHash<QString, qint64> m_inserted; // notification id -> row inserted (ns)
    QList<qint64> m_hints;
};

} // namespace tessera::bench
