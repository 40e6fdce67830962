#include "desktopexportshare.h"

#include <QDir>

namespace tessera {

DesktopExportShare::DesktopExportShare(QString dataDir)
    : m_dataDir(std::move(dataDir))
{ }

DesktopExportShare::~DesktopExportShare() = default;

QString DesktopExportShare::defaultPath() const
{
    QDir dir(m_dataDir);
    dir.mkpath(QStringLiteral("exports"));
    return dir.filePath(QStringLiteral("exports/tessera-my-data.json"));
}

QString DesktopExportShare::share(const QString &path)
{
    Q_UNUSED(path) // the person chose where it went: nothing more to do
    return {};
}

} // namespace tessera
