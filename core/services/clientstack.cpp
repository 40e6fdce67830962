#include "services/clientstack.h"

#include "identity/session.h"
#include "services/clientfeature.h"
#include "services/clientfeatureregistry.h"

namespace tessera {

ClientStack::ClientStack(
    Session &session, SecretStore &secrets, const Options &options, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_secrets(secrets)
    , m_options(options)
{
    if (m_options.holdServicesOnSignIn)
        m_session.setHoldServicesOnSignIn(true);
    add(m_options.features);
}

AuthorizedApi &ClientStack::api() const
{
    return m_session.api();
}

SessionScope &ClientStack::scope() const
{
    return m_session.scope();
}

ClientStack::ClientStack(Session &session, SecretStore &secrets, QObject *parent)
    : ClientStack(session, secrets, Options {}, parent)
{ }

ClientStack::~ClientStack()
{
    // The later features hold on to the parts of the earlier ones: they go first.
    while (!m_features.empty())
        m_features.pop_back();
}

void ClientStack::add(Features features)
{
    // What the wanted features need, and what that needs: the registry lists a feature after
    // the ones it needs, so one pass from its end collects them all.
    const auto &registry = clientFeatureRegistry();
    for (auto it = registry.crbegin(); it != registry.crend(); ++it)
        if (features.testFlag(it->feature))
            features |= it->needs;
    for (const ClientFeatureRegistration &registration : registry) {
        if (!features.testFlag(registration.feature) || m_built.testFlag(registration.feature))
            continue;
        m_features.push_back(registration.build(*this));
        m_built |= registration.feature;
        if (m_started)
            m_features.back()->start();
    }
}

QList<QObject *> ClientStack::parts() const
{
    QList<QObject *> all;
    for (const auto &feature : m_features)
        all += feature->parts();
    return all;
}

void ClientStack::start()
{
    m_started = true;
    for (const auto &feature : m_features)
        feature->start();
}

void ClientStack::stop()
{
    m_started = false;
    for (const auto &feature : m_features)
        feature->stop();
}

void ClientStack::setForeground(bool foreground)
{
    for (const auto &feature : m_features)
        feature->setForeground(foreground);
}

} // namespace tessera
