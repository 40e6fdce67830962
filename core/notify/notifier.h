#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

namespace tessera {

// One desktop (or phone) notification of an inbox item, as the Notifier seam shows it. Title and
// body are plain text: an implementation whose daemon reads markup escapes them itself.
struct Notification
{
    QString itemId;
    QString title;
    QString body;
    // The decisions offered on the notification, among "approve" and "reject", in that order;
    // a click on the notification itself (activated()) is always possible.
    QStringList actions;
};

// Platform seam: the system's notifications, keyed by the inbox item they show (one notification
// per item; showing an item again replaces its notification). Implemented once per OS under
// platform/<os>/ (the desktop's over the freedesktop Notifications D-Bus interface); tests use
// tests/harness/fakes/fakenotifier.h. Asynchronous: show() and close() return at once.
class Notifier : public QObject
{
    Q_OBJECT
public:
    explicit Notifier(QObject *parent = nullptr);
    ~Notifier() override;

    // Whether notifications can be shown at all (a notification daemon is there).
    virtual bool isAvailable() const = 0;
    virtual void show(const Notification &notification) = 0;
    // Closes the item's notification; nothing when it has none.
    virtual void close(const QString &itemId) = 0;

Q_SIGNALS:
    // The person chose one of the notification's actions ("approve", "reject").
    void actionInvoked(const QString &itemId, const QString &actionId);
    // The person clicked the notification itself.
    void activated(const QString &itemId);
    // The notification is gone (dismissed, expired, closed by close()); no action follows.
    void closed(const QString &itemId);
};

} // namespace tessera
