#pragma once

#include <QMutex>
#include <QStringList>

namespace tessera {

// Records every warning, critical and fatal message logged while it exists (QML load errors,
// binding errors, TypeErrors, ...; not debug or info, nor the offscreen platform's note about
// size hints) and passes each message on to the handler before it. What --self-test and --card
// count against a run. Construct it before anything logs; only one may exist at a time.
class WarningRecorder
{
public:
    WarningRecorder();
    ~WarningRecorder();
    WarningRecorder(const WarningRecorder &) = delete;
    WarningRecorder &operator=(const WarningRecorder &) = delete;

    QStringList warnings() const;

private:
    static void handleMessage(
        QtMsgType type, const QMessageLogContext &context, const QString &message);

    mutable QMutex m_mutex;
    QStringList m_warnings;

    inline static WarningRecorder *s_current = nullptr;
    inline static QtMessageHandler s_previousHandler = nullptr;
};

} // namespace tessera
