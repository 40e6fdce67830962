#pragma once

#include "privacy/exportshare.h"

namespace tessera {

// The desktop's data export: the person chooses the file (the page suggests defaultPath():
// tessera-my-data.json in their Documents folder, else their home), so nothing is handed on
// afterwards. dataDir is kept for a later "exports" folder of the app's own.
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
