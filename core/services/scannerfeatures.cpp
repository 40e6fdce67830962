#include "services/scannerfeatures.h"

#include "identity/session.h"
#include "scanner/scannersync.h"
#include "scanner/scanuploader.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> ScannerTrustFeature::create(ClientStack &stack)
{
    return std::make_unique<ScannerTrustFeature>(stack);
}

ScannerTrustFeature::ScannerTrustFeature(ClientStack &stack)
    : m_sync(std::make_unique<ScannerSync>(stack.api(), stack.scope(), stack.session().profile()))
{ }

ScannerTrustFeature::~ScannerTrustFeature() = default;

QList<QObject *> ScannerTrustFeature::parts() const
{
    return { m_sync.get() };
}

std::unique_ptr<ClientFeature> ScanUploadsFeature::create(ClientStack &stack)
{
    return std::make_unique<ScanUploadsFeature>(stack);
}

ScanUploadsFeature::ScanUploadsFeature(ClientStack &stack)
    : m_uploader(
        std::make_unique<ScanUploader>(stack.api(), stack.scope(), stack.session().deviceId()))
{
    if (const auto &delays = stack.options().retryDelays)
        m_uploader->setRetryDelays(delays->first, delays->last);
}

ScanUploadsFeature::~ScanUploadsFeature() = default;

QList<QObject *> ScanUploadsFeature::parts() const
{
    return { m_uploader.get() };
}

} // namespace tessera
