#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class PassHolder;

// The person's QR pass: kept in the session's database, renewed, its code rotating.
class PassFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit PassFeature(ClientStack &stack);
    ~PassFeature() override;

    QList<QObject *> parts() const override;

private:
    std::unique_ptr<PassHolder> m_holder;
};

} // namespace tessera
