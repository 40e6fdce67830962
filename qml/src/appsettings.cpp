#include "appsettings.h"

#include "qmllogging.h"

#include <QSettings>

namespace tessera {

AppSettings::AppSettings(bool followsSystemTheme, QObject *parent)
    : QObject(parent)
    , m_followsSystemTheme(followsSystemTheme)
{ }

void AppSettings::setTheme(Theme theme)
{
    if (m_theme == theme)
        return;
    m_theme = theme;
    Q_EMIT themeChanged();
}

namespace {
const QString keepInTrayKey = QStringLiteral("desktop/keepInTray");
} // namespace

void AppSettings::setKeepInTray(bool keep)
{
    if (m_keepInTray == keep)
        return;
    m_keepInTray = keep;
    if (m_storage != nullptr)
        m_storage->setValue(keepInTrayKey, keep);
    Q_EMIT keepInTrayChanged();
}

void AppSettings::setStorage(QSettings *storage)
{
    m_storage = storage;
    if (m_storage != nullptr)
        setKeepInTray(m_storage->value(keepInTrayKey, true).toBool());
}

AppSettings::Theme AppSettings::effectiveTheme() const
{
    if (m_theme == Theme::System && !m_followsSystemTheme)
        return Theme::Light;
    return m_theme;
}

std::optional<AppSettings::Theme> AppSettings::parseTheme(QStringView text)
{
    const QString lower = text.trimmed().toString().toLower();
    if (lower == u"light")
        return Theme::Light;
    if (lower == u"dark")
        return Theme::Dark;
    if (lower == u"system")
        return Theme::System;
    return std::nullopt;
}

AppSettings *AppSettings::create(QQmlEngine *, QJSEngine *engine)
{
    if (!s_instance) {
        qCWarning(lcQml) << "AppSettings singleton used before AppSettings::setInstance";
        return new AppSettings(false, engine); // owned by the engine (JavaScriptOwnership)
    }
    Q_ASSERT(engine->thread() == s_instance->thread());
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

} // namespace tessera
