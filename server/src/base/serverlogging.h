#pragma once

#include <QLoggingCategory>

namespace tessera::server {

Q_DECLARE_LOGGING_CATEGORY(lcServer) // tessera.server: start, stop, configuration
Q_DECLARE_LOGGING_CATEGORY(lcStorage) // tessera.storage: database and migrations
Q_DECLARE_LOGGING_CATEGORY(lcHttp) // tessera.http: routing and error answers
Q_DECLARE_LOGGING_CATEGORY(lcDirectory) // tessera.directory: LDAP/AD sign-in and look-ups

} // namespace tessera::server
