#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class DecisionOutbox;
class InboxHistory;
class InboxModel;
class InboxStore;
class InboxSync;

// The inbox cache in the session's database and its delta sync (with the live stream unless the
// stack's options turn it off).
class InboxFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit InboxFeature(ClientStack &stack);
    ~InboxFeature() override;

    QList<QObject *> parts() const override;
    void start() override;
    void stop() override;
    void setForeground(bool foreground) override;

private:
    std::unique_ptr<InboxStore> m_store;
    std::unique_ptr<InboxSync> m_sync;
};

// The decision outbox on the inbox's store; what waits in it goes again as soon as the server
// is reachable or the live stream is back, and when the app comes to the foreground.
class DecisionsFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit DecisionsFeature(ClientStack &stack);
    ~DecisionsFeature() override;

    QList<QObject *> parts() const override;
    void setForeground(bool foreground) override;

private:
    std::unique_ptr<DecisionOutbox> m_outbox;
};

// What the app's inbox pages show: the list model (with the sync's and, when built, the
// outbox's state) and the history of one item.
class InboxViewFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit InboxViewFeature(ClientStack &stack);
    ~InboxViewFeature() override;

    QList<QObject *> parts() const override;

private:
    std::unique_ptr<InboxModel> m_model;
    std::unique_ptr<InboxHistory> m_history;
};

} // namespace tessera
