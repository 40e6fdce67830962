#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class ScannerSync;
class ScanUploader;

// The scanner's trust list and check processes, synced for a person who may scan.
class ScannerTrustFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit ScannerTrustFeature(ClientStack &stack);
    ~ScannerTrustFeature() override;

    QList<QObject *> parts() const override;

private:
    std::unique_ptr<ScannerSync> m_sync;
};

// The scanner's records: queued in the session's database, uploaded with backoff.
class ScanUploadsFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit ScanUploadsFeature(ClientStack &stack);
    ~ScanUploadsFeature() override;

    QList<QObject *> parts() const override;

private:
    std::unique_ptr<ScanUploader> m_uploader;
};

} // namespace tessera
