#pragma once

// Header only (the tessera_testfakes target): the fake of the Notifier seam. It records what it
// is asked to show and close, and plays the person (invoke(), click(), dismiss()) as a
// notification daemon would report them.
#include "notify/notifier.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace tessera::test {

class FakeNotifier final : public Notifier
{
public:
    bool isAvailable() const override { return m_available; }
    void show(const Notification &notification) override
    {
        m_shownLog.append(notification);
        m_open.insert(notification.itemId, notification);
    }
    void close(const QString &itemId) override
    {
        m_closedLog.append(itemId);
        m_open.remove(itemId);
    }

    void setAvailable(bool available) { m_available = available; }
    // Every show() and close() so far, in order.
    const QList<Notification> &shownLog() const { return m_shownLog; }
    const QStringList &closedLog() const { return m_closedLog; }
    QStringList shownIds() const
    {
        QStringList ids;
        for (const Notification &notification : m_shownLog)
            ids.append(notification.itemId);
        return ids;
    }
    // The notifications on screen now, by item id.
    const QHash<QString, Notification> &open() const { return m_open; }

    void invoke(const QString &itemId, const QString &actionId)
    {
        Q_EMIT actionInvoked(itemId, actionId);
    }
    void click(const QString &itemId) { Q_EMIT activated(itemId); }
    void dismiss(const QString &itemId)
    {
        m_open.remove(itemId);
        Q_EMIT closed(itemId);
    }

private:
    bool m_available = true;
    QList<Notification> m_shownLog;
    QStringList m_closedLog;
    QHash<QString, Notification> m_open;
};

} // namespace tessera::test
