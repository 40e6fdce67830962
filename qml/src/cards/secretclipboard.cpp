#include "cards/secretclipboard.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QMimeData>

#include <utility>

namespace tessera {

SecretClipboard::SecretClipboard(QObject *parent)
    : SecretClipboard(nullptr, parent)
{ }

SecretClipboard::SecretClipboard(QClipboard *clipboard, QObject *parent)
    : QObject(parent)
    , m_clipboard(clipboard ? clipboard : QGuiApplication::clipboard())
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(defaultClearAfter);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const bool cleared = clearNow();
        Q_EMIT pendingChanged();
        Q_EMIT expired(cleared);
    });
    if (auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        connect(app, &QGuiApplication::applicationStateChanged, this,
            [this](Qt::ApplicationState state) {
                if (state == Qt::ApplicationHidden || state == Qt::ApplicationSuspended)
                    Q_EMIT backgrounded();
            });
}

SecretClipboard::~SecretClipboard()
{
    if (m_timer.isActive())
        clearNow();
}

void SecretClipboard::setClearAfter(int milliseconds)
{
    milliseconds = qMax(0, milliseconds);
    if (milliseconds == m_timer.interval())
        return;
    m_timer.setInterval(milliseconds);
    Q_EMIT clearAfterChanged();
}

void SecretClipboard::copy(const QString &text)
{
    if (!m_clipboard)
        return;
    auto *data = new QMimeData;
    data->setText(text);
    // Clipboard managers (Klipper and others that honour it) keep no history of it.
    data->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    m_clipboard->setMimeData(data, QClipboard::Clipboard);
    m_digest = digest(text);
    const bool wasPending = m_timer.isActive();
    m_timer.start();
    if (!wasPending)
        Q_EMIT pendingChanged();
}

bool SecretClipboard::clearNow()
{
    const QByteArray copied = std::exchange(m_digest, QByteArray());
    const bool wasPending = m_timer.isActive();
    m_timer.stop();
    if (wasPending)
        Q_EMIT pendingChanged();
    if (!m_clipboard || copied.isEmpty()
        || digest(m_clipboard->text(QClipboard::Clipboard)) != copied)
        return false;
    m_clipboard->clear(QClipboard::Clipboard);
    return true;
}

QByteArray SecretClipboard::digest(const QString &text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
}

} // namespace tessera
