#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class AnalyticsRecorder;
class AnalyticsQueue;
class AnalyticsUploader;

// Analytics with consent: the queue in the session's database (following it), the recorder the
// app's shell and toasts call, and the uploader (after the first frame, every 15 minutes, and
// at 50 waiting lines).
class AnalyticsFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit AnalyticsFeature(ClientStack &stack);
    ~AnalyticsFeature() override;

    QList<QObject *> parts() const override;

    // "linux", "windows", "macos", "android", "ios", ... as the server takes it.
    static QString platformName();

private:
    std::unique_ptr<AnalyticsQueue> m_store;
    std::unique_ptr<AnalyticsRecorder> m_recorder;
    std::unique_ptr<AnalyticsUploader> m_uploader;
};

} // namespace tessera
