#pragma once

#include "push/pushchannel.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>

#include <optional>

namespace tessera {

class MobileNotifier;
class MobilePushChannel;

// Where the OS's callbacks meet the Qt objects: the entry points (mobileentrypoints.h) call one
// process-wide bridge, from whatever thread the OS uses (FCM's service thread, a
// BroadcastReceiver, the iOS main thread); each call is checked there and handed to the
// MobilePushChannel or MobileNotifier on its own thread through a queued invocation.
//
// The OS may call before those objects exist (a push or a notification action that started the
// app): tokens, pushes and notification answers wait here, a few at most, until they attach.
// Thread-safe.
class MobileBridge
{
public:
    MobileBridge();
    ~MobileBridge();
    MobileBridge(const MobileBridge &) = delete;
    MobileBridge &operator=(const MobileBridge &) = delete;

    // The bridge the entry points use.
    static MobileBridge &instance();

    // How many pushes, and how many notification answers, wait for their object at most (the
    // oldest goes first).
    static constexpr qsizetype maxWaiting = 16;

    // From the OS, on any thread.
    void pushTokenArrived(const QString &transport, const QString &value);
    void pushRegistrationFailed(const QString &reason);
    void pushFieldsArrived(const QByteArray &json);
    void pushBodyArrived(const QByteArray &body);
    void notificationActionInvoked(
        const QString &itemId, const QString &action, const QString &comment);
    void notificationTapped(const QString &itemId);
    void notificationDismissed(const QString &itemId);
    void notificationPermissionAnswered(bool granted);

    // Made and destroyed on their own thread (MobilePushChannel and MobileNotifier do it
    // themselves); one of each at a time.
    void attach(MobilePushChannel *channel);
    void detach(MobilePushChannel *channel);
    void attach(MobileNotifier *notifier);
    void detach(MobileNotifier *notifier);

private:
    struct Answer
    {
        enum Kind { Action, Tap, Dismissal, Permission } kind;
        QString itemId;
        QString action;
        QString comment;
        bool granted = false;
    };

    void pushEncrypted(const QByteArray &encrypted);
    void answer(const Answer &answer);
    // Called with m_mutex held: posts to the attached object, which cannot be destroyed
    // meanwhile (its destructor detaches under the same mutex).
    void postRegistration(const PushRegistration &registration);
    void postFailure(const QString &reason);
    void postMessage(const QByteArray &encrypted);
    void postAnswer(const Answer &answer);

    QMutex m_mutex;
    MobilePushChannel *m_channel = nullptr;
    MobileNotifier *m_notifier = nullptr;
    std::optional<PushRegistration> m_waitingRegistration;
    std::optional<QString> m_waitingFailure;
    QList<QByteArray> m_waitingMessages;
    QList<Answer> m_waitingAnswers;
};

} // namespace tessera
