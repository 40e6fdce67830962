#include "services/selfservicefeature.h"

#include "feed/streamclient.h"
#include "inbox/inboxsync.h"
#include "selfservice/cataloguemodel.h"
#include "selfservice/cataloguestore.h"
#include "selfservice/cataloguesync.h"
#include "selfservice/requestsmodel.h"
#include "selfservice/requestsstore.h"
#include "selfservice/requestssync.h"
#include "selfservice/selfservice.h"
#include "selfservice/submissionoutbox.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> SelfServiceFeature::create(ClientStack &stack)
{
    return std::make_unique<SelfServiceFeature>(stack);
}

SelfServiceFeature::SelfServiceFeature(ClientStack &stack)
    : m_catalogue(std::make_unique<CatalogueStore>())
    , m_catalogueSync(std::make_unique<CatalogueSync>(stack.api(), stack.scope(), *m_catalogue))
    , m_requests(std::make_unique<RequestsStore>())
    , m_requestsSync(std::make_unique<RequestsSync>(stack.api(), stack.scope(), *m_requests))
    , m_outbox(std::make_unique<SubmissionOutbox>(
          stack.api(), stack.scope(), *m_catalogue, m_requests.get()))
    , m_catalogueModel(std::make_unique<CatalogueModel>(*m_catalogue))
    , m_requestsModel(
          std::make_unique<RequestsModel>(*m_requests, m_outbox.get(), m_catalogue.get()))
    , m_selfService(std::make_unique<SelfService>(
          *m_catalogueModel, *m_outbox, m_catalogueSync.get(), m_requestsSync.get()))
{
    if (const auto &delays = stack.options().retryDelays) {
        m_catalogueSync->setRetryDelays(delays->first, delays->last);
        m_requestsSync->setRetryDelays(delays->first, delays->last);
        m_outbox->setRetryDelays(delays->first, delays->last);
    }
    CatalogueSync *catalogueSync = m_catalogueSync.get();
    RequestsSync *requestsSync = m_requestsSync.get();
    SubmissionOutbox *outbox = m_outbox.get();
    // The form changed under a submission: the catalogue is behind.
    QObject::connect(outbox, &SubmissionOutbox::formChanged, catalogueSync,
        [catalogueSync]() { catalogueSync->syncNow(); });
    // The inbox's live stream (one stream for every feature): each sync follows its kind's hints
    // and every (re)connect; what waits in the outbox goes when the server is back.
    InboxSync *sync = stack.part<InboxSync>();
    Q_ASSERT(sync);
    catalogueSync->followStream(sync->stream(), QStringLiteral("services"));
    requestsSync->followStream(sync->stream(), QStringLiteral("submissions"));
    QObject::connect(
        &sync->stream(), &StreamClient::opened, outbox, [outbox]() { outbox->sendNow(); });
    SelfService *selfService = m_selfService.get();
    selfService->setOffline(sync->isOffline());
    QObject::connect(sync, &InboxSync::offlineChanged, outbox, [sync, outbox, selfService]() {
        selfService->setOffline(sync->isOffline());
        if (!sync->isOffline())
            outbox->sendNow();
    });
}

SelfServiceFeature::~SelfServiceFeature()
{
    m_selfService.reset();
    m_requestsModel.reset();
    m_catalogueModel.reset();
    m_outbox.reset();
    m_requestsSync.reset();
    m_requests.reset();
    m_catalogueSync.reset();
    m_catalogue.reset();
}

QList<QObject *> SelfServiceFeature::parts() const
{
    return { m_catalogue.get(), m_catalogueSync.get(), m_requests.get(), m_requestsSync.get(),
        m_outbox.get(), m_catalogueModel.get(), m_requestsModel.get(), m_selfService.get() };
}

void SelfServiceFeature::start()
{
    m_catalogueSync->start();
    m_requestsSync->start();
    m_outbox->sendNow();
}

void SelfServiceFeature::stop()
{
    m_catalogueSync->stop();
    m_requestsSync->stop();
}

void SelfServiceFeature::setForeground(bool foreground)
{
    m_catalogueSync->setForeground(foreground);
    m_requestsSync->setForeground(foreground);
    if (foreground)
        m_outbox->sendNow();
}

} // namespace tessera
