#pragma once

#include <QString>

namespace tessera::server {

// RFC 4515 escaping of a value put into an LDAP search filter: `*`, `(`, `)`, `\` and NUL become
// \2a, \28, \29, \5c and \00. Everything else (UTF-8 included) passes unchanged.
QString ldapFilterEscape(const QString &value);

} // namespace tessera::server
