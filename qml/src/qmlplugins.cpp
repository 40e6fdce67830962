#include "qmlplugins.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QQmlEngine>

namespace tessera {

void addQmlPluginPaths(QQmlEngine &engine)
{
    const QString installed = QDir::cleanPath(
        QCoreApplication::applicationDirPath() + QStringLiteral("/../lib/tessera/qml"));
    // addImportPath() puts a path first: the installed one is added last, to come first.
    const QString buildTree = QStringLiteral(TESSERA_QML_PLUGIN_DIR);
    if (QFileInfo(buildTree).isDir())
        engine.addImportPath(buildTree);
    if (QFileInfo(installed).isDir())
        engine.addImportPath(installed);
}

} // namespace tessera
