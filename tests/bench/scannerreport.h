#pragma once

#include "benchframe.h"

#include <QString>

namespace tessera::bench {

// The scanner benchmark's table (Markdown): per category and size, each decoder's times (wall
// clock and CPU), what it read, Tessera's frame cycle step by step, and the goals.
class ScannerReport
{
public:
    ScannerReport(const QList<BenchFrame> &frames, const QList<QString> &categories);
    QString markdown() const;

private:
    const QList<BenchFrame> &m_frames;
    const QList<QString> &m_categories;
};

} // namespace tessera::bench
