#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class AttestOutbox;
class AttestStore;
class AttestToday;

// The daily attestation: the form and outbox in the session's database, the outbox sending the
// waiting answer (with its Idempotency-Key) at start and whenever asked, and the page's object.
class AttestFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit AttestFeature(ClientStack &stack);
    ~AttestFeature() override;

    QList<QObject *> parts() const override;
    void start() override;
    void setForeground(bool foreground) override;

private:
    std::unique_ptr<AttestStore> m_store;
    std::unique_ptr<AttestOutbox> m_outbox;
    std::unique_ptr<AttestToday> m_today;
};

} // namespace tessera
