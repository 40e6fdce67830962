#pragma once

#include <QByteArray>
#include <QClipboard>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace tessera {

// `SecretClipboard` (a QML singleton): copies a card's secret text (docs/CARDS.md, "Secret text")
// to the system clipboard and clears the clipboard clearAfter milliseconds later (60 s), but only
// when it still holds that same text: what the person copied since stays. The text is marked for
// clipboard managers as a password (x-kde-passwordManagerHint), and only its SHA-256 is kept
// here. Leaving the app (this object destroyed) clears it as the timer would. Never logs the
// text. One object for the whole engine: a copy outlives the card view it came from. It also
// says when the app goes to the background (backgrounded), so that shown secrets mask again.
class SecretClipboard : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    // How long the copied text stays, in milliseconds (tests make it short).
    Q_PROPERTY(int clearAfter READ clearAfter WRITE setClearAfter NOTIFY clearAfterChanged)
    // A copied text is waiting to be cleared.
    Q_PROPERTY(bool pending READ isPending NOTIFY pendingChanged)
public:
    static constexpr int defaultClearAfter = 60'000;

    explicit SecretClipboard(QObject *parent = nullptr);
    // clipboard: the one to use (QGuiApplication::clipboard() when null).
    explicit SecretClipboard(QClipboard *clipboard, QObject *parent = nullptr);
    ~SecretClipboard() override;

    int clearAfter() const { return m_timer.interval(); }
    void setClearAfter(int milliseconds);
    bool isPending() const { return m_timer.isActive(); }

    // Puts text on the clipboard and starts the clearAfter countdown (again).
    Q_INVOKABLE void copy(const QString &text);
    // Clears the clipboard now when it still holds the copied text; true when it did.
    Q_INVOKABLE bool clearNow();

Q_SIGNALS:
    void clearAfterChanged();
    void pendingChanged();
    // The countdown ended: wasCleared false when the clipboard held something else by then.
    void expired(bool wasCleared);
    // The app was hidden or suspended (QGuiApplication::applicationStateChanged).
    void backgrounded();

private:
    static QByteArray digest(const QString &text);

    QPointer<QClipboard> m_clipboard;
    QTimer m_timer;
    QByteArray m_digest;
};

} // namespace tessera
