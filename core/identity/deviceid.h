#pragma once

#include <QString>

class QSettings;

namespace tessera {

// This installation's device id, as sent with every sign-in: made once (128 random bits,
// base64url, 22 characters) and kept in the app's settings. Not a secret; it survives sign-out
// so that the server sees the same device again.
class DeviceId
{
public:
    static QString settingsKey() { return QStringLiteral("device/id"); }

    // The id kept in settings, or a new one (written and synced) when there is none or the kept
    // one is not of the wire's form.
    static QString obtain(QSettings &settings);
    // 8-64 characters of [A-Za-z0-9_-] (docs/IDENTITY.md).
    static bool isValid(const QString &id);
    static QString generate();
};

} // namespace tessera
