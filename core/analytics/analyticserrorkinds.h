#pragma once

#include <QString>
#include <QStringList>

namespace tessera {

// The errors the app counts when it shows them (the product asks for "screen views, features used,
// errors"): one short fixed code per place an error is shown, never the error's words nor
// anything the server sent. AnalyticsRecorder::errorShown records only these; any other kind is
// dropped. A page gives its Banner (errorKind) or Toast (show(message, kind)) one of them, and
// the shell records what the controls report (qml/shell/ShellPage.qml, ShownErrors).
//
// Why the controls and not the models: an error counts when the person sees it. A model's
// error state is set while its page may be closed (a sync in the background), again on every
// retry, and each feature's core would have to know the recorder; the Banner and the Toast are
// the one place every page shows its errors, and their visibility is what was seen.
struct AnalyticsErrorKinds
{
    // The known kinds, [a-z0-9._-]{1,64} each (the server's rule for an event's name).
    static const QStringList &all();
    static bool isKnown(const QString &kind);
};

} // namespace tessera
