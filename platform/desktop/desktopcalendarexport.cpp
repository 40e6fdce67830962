#include "desktopcalendarexport.h"

#include "platformlogging.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QRegularExpression>
#include <QSaveFile>

namespace tessera {

DesktopCalendarExport::DesktopCalendarExport(QString dataDir, Opener opener)
    : m_dataDir(std::move(dataDir))
    , m_opener(opener ? std::move(opener) : Opener(&QDesktopServices::openUrl))
{ }

DesktopCalendarExport::~DesktopCalendarExport() = default;

QString DesktopCalendarExport::open(const QString &eventId, const QByteArray &ics)
{
    // The id becomes a file name: only what EventItem lets through, never a path.
    static const QRegularExpression safe(QStringLiteral("^evt_[A-Za-z0-9._-]{1,124}$"));
    if (!safe.match(eventId).hasMatch() || eventId.contains(QStringLiteral("..")))
        return QCoreApplication::translate("DesktopCalendarExport", "This event has no usable id.");
    QDir folder(m_dataDir);
    if (m_dataDir.isEmpty() || !folder.mkpath(QStringLiteral("calendar")))
        return QCoreApplication::translate(
            "DesktopCalendarExport", "The app's data folder cannot be written.");
    const QString path = folder.filePath(QStringLiteral("calendar/%1.ics").arg(eventId));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(ics) != ics.size() || !file.commit()) {
        qCWarning(lcPlatform).noquote() << "calendar file not written:" << file.errorString();
        return QCoreApplication::translate(
            "DesktopCalendarExport", "The calendar file could not be written.");
    }
    if (!m_opener(QUrl::fromLocalFile(path)))
        return QCoreApplication::translate("DesktopCalendarExport",
            "No calendar app opened the file; it is in the app's data folder.");
    return {};
}

} // namespace tessera
