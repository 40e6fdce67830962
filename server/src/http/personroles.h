#pragma once

#include <QString>
#include <QStringList>

namespace tessera::server::personroles {

// The roles a person's account holds in user_roles (an admin grants them), in the order the API
// lists them. They are checked here, not by the database: a feature that brings a role of its
// own (medical, privacy) adds it to this list, and no migration is needed.
const QStringList &granted();
bool isGranted(const QString &role);

// Every role a person can have: the granted ones and "manager" (from the directory's
// reports), as a principal, a notification's recipients and an audience name them.
bool isKnown(const QString &role);

// "Unknown role “x”: roles are scanner, publisher and admin (manager follows from the
// directory)." for a role an admin cannot grant.
QString notGrantedMessage(const QString &role);

} // namespace tessera::server::personroles
