#pragma once

class QQmlEngine;

namespace tessera {

// Where engine finds the QML modules built as dynamic plugins and loaded with their pages
// (Tessera.Scanner, qml/scanner/plugin; Tessera.QrCodes, qml/qrcodes): installed, <binary
// folder>/../lib/tessera/qml; run from the build tree, the build's plugin folder. Call before
// loading QML; the app's main.cpp and the tests that start the app's QML the same way do.
void addQmlPluginPaths(QQmlEngine &engine);

} // namespace tessera
