#pragma once

// A frame of the scanner benchmark: the picture (grey and as a camera's YUV420P frame), what it
// holds, and per decoder the times of the repeats and what was read; with the benchmark's
// constants and its decoders' names, which the benchmark and its report share.
#include "scanner/framecycle.h"

#include <QImage>
#include <QList>
#include <QSize>
#include <QVideoFrame>

#include <array>

namespace tessera::bench {

inline constexpr int kRepeats = 3;
inline constexpr int kVariants = 6; // frames per category and size
inline constexpr int kCycle = FrameCycle::length; // camera frames per benchmark frame for Tessera
inline constexpr uchar kBackground = 235;
inline constexpr double kFrameBudgetMs = 1000.0 / 60.0; // the goal for the worst 1080p frame

enum Decoder { Tessera, ZXingRaw, Zbar, ZbarInverted, DecoderCount };
inline const std::array<const char *, DecoderCount> kDecoderNames = { "Tessera pipeline",
    "ZXing-cpp raw", "zbar", "zbar + inverted" };

struct BenchFrame
{
    QString category;
    QSize size;
    QImage grey; // Format_Grayscale8, packed rows (the widths are multiples of 4)
    QVideoFrame video; // the same as a YUV420P camera frame
    QByteArray expected; // the QR text, empty for a frame without a code
    QString passId;
    // Per decoder: the times of the repeats (ms, wall clock and CPU), read, anything wrong read.
    // Tessera's are per step of its frame cycle (one camera frame each).
    std::array<QList<double>, DecoderCount> times;
    std::array<QList<double>, DecoderCount> cpu;
    std::array<QList<double>, kCycle> cycleTimes;
    std::array<QList<double>, kCycle> cycleCpu;
    std::array<bool, DecoderCount> read {};
    std::array<bool, DecoderCount> wrong {};
    std::array<bool, kCycle> readAtStep {}; // Tessera: which steps of the cycle read it
};

} // namespace tessera::bench
