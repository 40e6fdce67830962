#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlEngine>

class QSettings;

#include <optional>

namespace tessera {

// The app's own display settings, as the QML singleton `AppSettings`. For now: the theme choice.
// "System" follows the OS only where the platform tells us its choice (phones); Qt 6.4 has no
// system dark-mode signal on the desktop, so there System shows the light theme. Qt 6.5 added
// QStyleHints::colorScheme() and colorSchemeChanged(): with Qt 6.5 or later the desktop can
// follow the system too (PlatformFactory::followsSystemTheme()).
//
// Ownership: like the `Server` singleton, the composition root creates it, keeps owning it and
// hands it over with setInstance() before QML is loaded; create() marks it CppOwnership.
class AppSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(Theme theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(Theme effectiveTheme READ effectiveTheme NOTIFY themeChanged)
    Q_PROPERTY(bool followsSystemTheme READ followsSystemTheme CONSTANT)
    // Closing the window keeps the app running in the system tray (where there is one), with
    // its live inbox and its notifications. On by default; kept in the installation's settings.
    Q_PROPERTY(bool keepInTray READ keepInTray WRITE setKeepInTray NOTIFY keepInTrayChanged)
public:
    enum class Theme { Light, Dark, System };
    Q_ENUM(Theme)

    explicit AppSettings(bool followsSystemTheme, QObject *parent = nullptr);

    Theme theme() const { return m_theme; }
    void setTheme(Theme theme);
    // What to show: theme, except that System is Light where the system's choice is unknown.
    Theme effectiveTheme() const;
    bool followsSystemTheme() const { return m_followsSystemTheme; }
    bool keepInTray() const { return m_keepInTray; }
    void setKeepInTray(bool keep);
    // Where keepInTray is read from and written to (the installation's settings.ini); none: in
    // memory only. storage must outlive this.
    void setStorage(QSettings *storage);

    // "light", "dark", "system" (any case); nullopt for anything else.
    static std::optional<Theme> parseTheme(QStringView text);

    static void setInstance(AppSettings *settings) { s_instance = settings; }
    static AppSettings *create(QQmlEngine *, QJSEngine *engine);

Q_SIGNALS:
    void themeChanged();
    void keepInTrayChanged();

private:
    bool m_followsSystemTheme;
    Theme m_theme = Theme::System;
    bool m_keepInTray = true;
    QSettings *m_storage = nullptr;

    inline static QPointer<AppSettings> s_instance;
};

} // namespace tessera
