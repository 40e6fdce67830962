#pragma once

#include <QtGlobal>

namespace tessera::test {

// Whether this process runs in a D-Bus session (scripts/with-keyring.sh gives one with an
// unlocked gnome-keyring): the real Secret Service the keyring tests need. In a test:
// QVERIFY2(hasKeyringSession(), noKeyringSession);
inline bool hasKeyringSession()
{
    return !qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty();
}

inline constexpr char noKeyringSession[] =
    "no D-Bus session: run the tests through scripts/with-keyring.sh";

} // namespace tessera::test
