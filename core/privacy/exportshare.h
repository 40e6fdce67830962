#pragma once

#include <QString>

namespace tessera {

// Platform seam: where the person's data export goes and how it is handed on. The desktop lets the
// person choose the file (a save dialog) and does nothing more (platform/desktop). A phone has no
// file system a person browses: the export is written into the app's own folder and handed to the
// system's share sheet (Android: an ACTION_SEND intent with a FileProvider content:// URI; iOS: a
// UIActivityViewController with the file's URL; see platform/android and platform/ios README.md).
// Only the interface and the desktop's are built here; a test fake plays the phone.
class ExportShare
{
public:
    virtual ~ExportShare();

    // true: the person chooses where the file goes (the desktop's save dialog).
    virtual bool choosesLocation() const = 0;
    // Where the export is written when the person does not choose (a file in the app's own
    // folder, never a shared temporary folder).
    virtual QString defaultPath() const = 0;
    // Hands the written export at path on (the share sheet). "" when handed on (or nothing needs
    // doing), else why not in plain words.
    virtual QString share(const QString &path) = 0;
};

} // namespace tessera
