#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class CatalogueModel;
class CatalogueStore;
class CatalogueSync;
class RequestsModel;
class RequestsStore;
class RequestsSync;
class SelfService;
class SubmissionOutbox;

// Self-service: the service catalogue and My requests in the session's database with their
// delta syncs (on the inbox's live stream: hints of kind "services" and "submissions"), and the
// submission outbox, sent again whenever the server or the stream is back; the catalogue's and
// My requests' list models and the SelfService facade (offline as the live stream says).
class SelfServiceFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit SelfServiceFeature(ClientStack &stack);
    ~SelfServiceFeature() override;

    QList<QObject *> parts() const override;
    void start() override;
    void stop() override;
    void setForeground(bool foreground) override;

private:
    std::unique_ptr<CatalogueStore> m_catalogue;
    std::unique_ptr<CatalogueSync> m_catalogueSync;
    std::unique_ptr<RequestsStore> m_requests;
    std::unique_ptr<RequestsSync> m_requestsSync;
    std::unique_ptr<SubmissionOutbox> m_outbox;
    std::unique_ptr<CatalogueModel> m_catalogueModel;
    std::unique_ptr<RequestsModel> m_requestsModel;
    std::unique_ptr<SelfService> m_selfService;
};

} // namespace tessera
