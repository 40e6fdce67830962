#include "mobile/mobilebridge.h"

#include "mobile/mobilelogging.h"
#include "mobile/mobilenotifier.h"
#include "mobile/mobilepushchannel.h"
#include "mobile/mobilepushpayload.h"

#include <QMetaObject>
#include <QMutexLocker>

namespace tessera {

namespace {

constexpr qsizetype maxReasonChars = 200;

} // namespace

MobileBridge::MobileBridge() = default;

MobileBridge::~MobileBridge() = default;

MobileBridge &MobileBridge::instance()
{
    static MobileBridge bridge;
    return bridge;
}

void MobileBridge::pushTokenArrived(const QString &transport, const QString &value)
{
    const std::optional<PushRegistration> registration =
        MobilePushPayload::registrationOf(transport, value);
    if (!registration) {
        pushRegistrationFailed(QStringLiteral("the system gave a push token of the wrong shape"));
        return;
    }
    const QMutexLocker lock(&m_mutex);
    if (m_channel == nullptr) {
        // Only the newest token matters; a failure before it is overtaken.
        m_waitingRegistration = registration;
        m_waitingFailure.reset();
        return;
    }
    postRegistration(*registration);
}

void MobileBridge::pushRegistrationFailed(const QString &reason)
{
    // The OS's words (e.g. "SERVICE_NOT_AVAILABLE"), for the log: printable and short.
    QString words = reason.left(maxReasonChars);
    for (QChar &c : words)
        if (!c.isPrint())
            c = u' ';
    if (words.trimmed().isEmpty())
        words = QStringLiteral("no reason given");
    const QMutexLocker lock(&m_mutex);
    if (m_channel == nullptr) {
        m_waitingFailure = words;
        m_waitingRegistration.reset();
        return;
    }
    postFailure(words);
}

void MobileBridge::pushFieldsArrived(const QByteArray &json)
{
    if (const std::optional<QByteArray> encrypted = MobilePushPayload::encryptedOfFields(json))
        pushEncrypted(*encrypted);
}

void MobileBridge::pushBodyArrived(const QByteArray &body)
{
    if (const std::optional<QByteArray> encrypted = MobilePushPayload::encryptedOfRawBody(body))
        pushEncrypted(*encrypted);
}

void MobileBridge::pushEncrypted(const QByteArray &encrypted)
{
    const QMutexLocker lock(&m_mutex);
    if (m_channel == nullptr) {
        if (m_waitingMessages.size() == maxWaiting) {
            qCWarning(lcMobile) << "push dropped: too many waiting for the app";
            m_waitingMessages.removeFirst();
        }
        m_waitingMessages.append(encrypted);
        return;
    }
    postMessage(encrypted);
}

void MobileBridge::notificationActionInvoked(
    const QString &itemId, const QString &action, const QString &comment)
{
    if (!MobilePushPayload::isItemId(itemId)) {
        qCWarning(lcMobile) << "notification action dropped: not an item id";
        return;
    }
    if (action != u"approve" && action != u"reject") {
        qCWarning(lcMobile) << "notification action dropped: unknown action";
        return;
    }
    if (comment.size() > MobilePushPayload::maxCommentChars) {
        qCWarning(lcMobile) << "notification action dropped: comment too long";
        return;
    }
    answer({ Answer::Action, itemId, action, comment });
}

void MobileBridge::notificationTapped(const QString &itemId)
{
    if (!MobilePushPayload::isItemId(itemId)) {
        qCWarning(lcMobile) << "notification tap dropped: not an item id";
        return;
    }
    answer({ Answer::Tap, itemId, {}, {} });
}

void MobileBridge::notificationDismissed(const QString &itemId)
{
    if (!MobilePushPayload::isItemId(itemId))
        return;
    answer({ Answer::Dismissal, itemId, {}, {} });
}

void MobileBridge::notificationPermissionAnswered(bool granted)
{
    answer({ Answer::Permission, {}, {}, {}, granted });
}

void MobileBridge::answer(const Answer &answer)
{
    const QMutexLocker lock(&m_mutex);
    if (m_notifier == nullptr) {
        if (m_waitingAnswers.size() == maxWaiting)
            m_waitingAnswers.removeFirst();
        m_waitingAnswers.append(answer);
        return;
    }
    postAnswer(answer);
}

void MobileBridge::attach(MobilePushChannel *channel)
{
    const QMutexLocker lock(&m_mutex);
    m_channel = channel;
    if (m_waitingRegistration)
        postRegistration(*std::exchange(m_waitingRegistration, std::nullopt));
    if (m_waitingFailure)
        postFailure(*std::exchange(m_waitingFailure, std::nullopt));
    for (const QByteArray &encrypted : std::exchange(m_waitingMessages, {}))
        postMessage(encrypted);
}

void MobileBridge::detach(MobilePushChannel *channel)
{
    const QMutexLocker lock(&m_mutex);
    if (m_channel == channel)
        m_channel = nullptr;
}

void MobileBridge::attach(MobileNotifier *notifier)
{
    const QMutexLocker lock(&m_mutex);
    m_notifier = notifier;
    for (const Answer &answer : std::exchange(m_waitingAnswers, {}))
        postAnswer(answer);
}

void MobileBridge::detach(MobileNotifier *notifier)
{
    const QMutexLocker lock(&m_mutex);
    if (m_notifier == notifier)
        m_notifier = nullptr;
}

void MobileBridge::postRegistration(const PushRegistration &registration)
{
    MobilePushChannel *const channel = m_channel;
    QMetaObject::invokeMethod(
        channel, [channel, registration] { channel->receiveRegistration(registration); },
        Qt::QueuedConnection);
}

void MobileBridge::postFailure(const QString &reason)
{
    MobilePushChannel *const channel = m_channel;
    QMetaObject::invokeMethod(
        channel, [channel, reason] { channel->receiveFailure(reason); }, Qt::QueuedConnection);
}

void MobileBridge::postMessage(const QByteArray &encrypted)
{
    MobilePushChannel *const channel = m_channel;
    QMetaObject::invokeMethod(
        channel, [channel, encrypted] { channel->receiveMessage(encrypted); },
        Qt::QueuedConnection);
}

void MobileBridge::postAnswer(const Answer &answer)
{
    MobileNotifier *const notifier = m_notifier;
    QMetaObject::invokeMethod(
        notifier,
        [notifier, answer] {
            switch (answer.kind) {
            case Answer::Action:
                notifier->receiveAction(answer.itemId, answer.action, answer.comment);
                break;
            case Answer::Tap:
                notifier->receiveTap(answer.itemId);
                break;
            case Answer::Dismissal:
                notifier->receiveDismissal(answer.itemId);
                break;
            case Answer::Permission:
                notifier->receivePermission(answer.granted);
                break;
            }
        },
        Qt::QueuedConnection);
}

} // namespace tessera
