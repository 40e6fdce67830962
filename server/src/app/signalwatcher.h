#pragma once

#include <QObject>

class QSocketNotifier;

namespace tessera::server {

// Turns SIGTERM and SIGINT into a Qt signal, so the server stops through its event loop
// (closing the database cleanly) instead of dying mid-write.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void stopRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace tessera::server
