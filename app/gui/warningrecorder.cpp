#include "warningrecorder.h"

#include <QMutexLocker>

namespace tessera {

WarningRecorder::WarningRecorder()
{
    Q_ASSERT(!s_current);
    s_current = this;
    s_previousHandler = qInstallMessageHandler(&WarningRecorder::handleMessage);
}

WarningRecorder::~WarningRecorder()
{
    qInstallMessageHandler(s_previousHandler);
    s_current = nullptr;
}

QStringList WarningRecorder::warnings() const
{
    QMutexLocker lock(&m_mutex);
    return m_warnings;
}

void WarningRecorder::handleMessage(
    QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // The offscreen platform plugin says this for every window it shows; it is not about QML.
    const bool ignored = message == u"This plugin does not support propagateSizeHints()";
    if (s_current && type != QtDebugMsg && type != QtInfoMsg && !ignored) {
        QMutexLocker lock(&s_current->m_mutex);
        s_current->m_warnings.append(message);
    }
    if (s_previousHandler)
        s_previousHandler(type, context, message);
}

} // namespace tessera
