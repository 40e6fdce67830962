#include "services/analyticsfeature.h"

#include "analytics/analyticsqueue.h"
#include "analytics/analyticsrecorder.h"
#include "analytics/analyticsuploader.h"
#include "identity/session.h"
#include "protocol/version.h"
#include "services/clientstack.h"

#include <QRegularExpression>
#include <QSysInfo>

namespace tessera {

std::unique_ptr<ClientFeature> AnalyticsFeature::create(ClientStack &stack)
{
    return std::make_unique<AnalyticsFeature>(stack);
}

QString AnalyticsFeature::platformName()
{
    const QString product = QSysInfo::productType().toLower();
    for (const QString &known : { QStringLiteral("android"), QStringLiteral("ios"),
             QStringLiteral("windows"), QStringLiteral("macos") }) {
        if (product == known)
            return known;
    }
    QString kernel = QSysInfo::kernelType().toLower();
    kernel.remove(QRegularExpression(QStringLiteral("[^a-z0-9._-]")));
    return kernel.isEmpty() ? QStringLiteral("unknown") : kernel.left(32);
}

AnalyticsFeature::AnalyticsFeature(ClientStack &stack)
    : m_store(std::make_unique<AnalyticsQueue>())
    , m_recorder(std::make_unique<AnalyticsRecorder>(*m_store, platformName(), productVersion()))
    , m_uploader(
          std::make_unique<AnalyticsUploader>(stack.api(), stack.scope(), *m_store, *m_recorder))
{
    SessionScope &scope = stack.scope();
    m_store->setDatabase(scope.database());
    QObject::connect(&scope, &SessionScope::databaseChanged, m_store.get(),
        [store = m_store.get(), &scope] { store->setDatabase(scope.database()); });
}

AnalyticsFeature::~AnalyticsFeature()
{
    m_uploader.reset();
    m_recorder.reset();
    m_store.reset();
}

QList<QObject *> AnalyticsFeature::parts() const
{
    return { m_store.get(), m_recorder.get(), m_uploader.get() };
}

} // namespace tessera
