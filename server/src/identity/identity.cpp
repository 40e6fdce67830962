#include "identity/identity.h"

namespace tessera::server {

Identity::Identity(Storage &storage, const Clock &clock, const PasswordHasher &hasher,
    std::shared_ptr<const Directory> directory, const QString &minimumAppVersion)
    : m_lockout(clock)
    , m_credentials(clock, hasher)
    , m_issuer(clock)
    , m_signIn(storage, clock, directory, minimumAppVersion, m_lockout, m_credentials, m_issuer)
    , m_passwordChange(
          storage, clock, hasher, minimumAppVersion, m_lockout, m_credentials, m_issuer)
    , m_tokenRefresh(storage, clock, std::move(directory))
    , m_accessTokens(storage, clock)
    , m_routes(storage, clock, m_signIn, m_passwordChange, m_tokenRefresh)
{ }

} // namespace tessera::server
