#pragma once

#include "appoptions.h"

namespace tessera {

// --card FILE: one Adaptive Card alone in a window (the QML module's cards/CardPreview.qml), no
// server and no sign-in, in the theme and size asked for, its inputs filled into a CardForm of the
// same card (with --card-validate every input is validated first, so the inline errors show). With
// --screenshot it saves the window once drawn and answers 0, or non-zero with the reason on stderr:
// the file cannot be read, the card is invalid (each problem with its JSON path), the picture
// cannot be written, or QML logged any warning meanwhile. Without --screenshot the window stays
// until closed.
class CardPreview
{
public:
    // Runs the event loop; answers the exit code.
    static int run(const AppOptions &options);
};

} // namespace tessera
