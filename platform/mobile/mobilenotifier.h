#pragma once

#include "notify/notifier.h"

#include <QHash>
#include <QSet>

namespace tessera {

class MobileBridge;
class MobileOs;

// The Notifier of both phones, on MobileOs: show() and close() post and cancel the system's
// notification; what the person does with it comes back through the bridge
// (mobileentrypoints.h) as the seam's signals, on this object's thread. Attached to the bridge
// while it lives.
//
// Approve and Reject on a phone need the device unlocked (Android setAuthenticationRequired,
// iOS .authenticationRequired). What a notification cannot decide goes to the app the way the
// desktop's does: InboxNotifier turns "reject" and an approval that needs a comment into
// commentRequested(), and the OS code brings the app to the front for them (Android: the Reject
// action opens the activity; iOS: .foreground is not needed, the text input comes first). A
// comment typed into the notification (iOS's Reject text field) is kept here for the comment
// dialog: takeComment().
class MobileNotifier final : public Notifier
{
    Q_OBJECT
public:
    explicit MobileNotifier(MobileOs &os, MobileBridge &bridge, QObject *parent = nullptr);
    ~MobileNotifier() override;

    // Whether the person allows notifications (Android 13+ asks; see requestPermission()).
    bool isAvailable() const override;
    void show(const Notification &notification) override;
    void close(const QString &itemId) override;

    // Asks for the notification permission; permissionAnswered() follows.
    void requestPermission();
    // The comment typed into the item's notification, once; empty when there was none.
    QString takeComment(const QString &itemId);

Q_SIGNALS:
    void permissionAnswered(bool granted);

private:
    friend class MobileBridge;
    void receiveAction(const QString &itemId, const QString &action, const QString &comment);
    void receiveTap(const QString &itemId);
    void receiveDismissal(const QString &itemId);
    void receivePermission(bool granted);

    MobileOs &m_os;
    MobileBridge &m_bridge;
    // Comments typed into a notification, until the comment dialog takes them.
    QHash<QString, QString> m_comments;
};

} // namespace tessera
