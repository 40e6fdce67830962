#pragma once

#include "privacy/exportshare.h"

namespace tessera {

// The desktop's data export: the person chooses the file in a save dialog (the page's
// FileDialog), so nothing is handed on afterwards. defaultPath() (used only without a dialog) is
// <data folder>/exports/tessera-my-data.json, in the app's own folder.
class DesktopExportShare : public ExportShare
{
public:
    explicit DesktopExportShare(QString dataDir);
    ~DesktopExportShare() override;

    bool choosesLocation() const override { return true; }
    QString defaultPath() const override;
    QString share(const QString &path) override;

private:
    QString m_dataDir;
};

} // namespace tessera
