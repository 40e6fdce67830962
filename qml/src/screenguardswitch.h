#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QtQml/qqmlregistration.h>

#include <functional>

namespace tessera {

// `ScreenGuard.active`: the Pass page turns the platform's screen guard (keep the screen on and
// bright, keep the pass out of screenshots; a no-op on desktop) on while it is shown and off when
// it is left. The composition root gives the platform seam as a function (the QML module knows
// no platform code); without one, the switch only remembers its state.
class ScreenGuardSwitch : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(ScreenGuard)
    QML_SINGLETON
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
public:
    using Apply = std::function<void(bool active)>;

    explicit ScreenGuardSwitch(Apply apply = {}, QObject *parent = nullptr);
    ~ScreenGuardSwitch() override;

    bool isActive() const { return m_active; }
    void setActive(bool active);

    static void setInstance(ScreenGuardSwitch *instance);
    static ScreenGuardSwitch *create(QQmlEngine *engine, QJSEngine *);

Q_SIGNALS:
    void activeChanged();

private:
    Apply m_apply;
    bool m_active = false;
};

} // namespace tessera
