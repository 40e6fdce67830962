#include "desktopexportshare.h"

#include <QDir>
#include <QStandardPaths>

namespace tessera {

DesktopExportShare::DesktopExportShare(QString dataDir)
    : m_dataDir(std::move(dataDir))
{ }

DesktopExportShare::~DesktopExportShare() = default;

QString DesktopExportShare::defaultPath() const
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QDir(folder).exists())
        folder = QDir::homePath();
    return QDir(folder).filePath(QStringLiteral("tessera-my-data.json"));
}

QString DesktopExportShare::share(const QString &path)
{
    Q_UNUSED(path) // the person chose where it went: nothing more to do
    return {};
}

} // namespace tessera
