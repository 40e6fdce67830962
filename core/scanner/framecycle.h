#pragma once

#include "scanner/qrdecoder.h"

#include <QRect>

namespace tessera {

// The video path's order of decode attempts: each frame gets ONE attempt (one ZXing-cpp decode
// of one view), the next frame the next attempt, round a cycle of `length` frames. A code that
// one attempt misses (light on dark, small and rotated, too small for the downsampled view) is
// read by another within one cycle: 8 frames, 267 ms at 30 frames a second. The order depends
// only on the frame's number and size, so every scanner goes through the same attempts.
//
// Frames up to 1599 pixels on their longer side (720p):
//   whole | whole inverted | 7/8 | 3/4 global histogram |
//   whole | whole inverted | 7/8 inverted | 3/4 global histogram inverted
// Large frames, 1600 pixels and more (1080p): the whole frame at full resolution costs more
// than a frame's time (16.7 ms) on a noisy frame, so most frames decode it downsampled by 2 (a
// quarter of the pixels; a pass at a door fills much of the frame) and two frames of the cycle
// each decode one of two overlapping tiles at full resolution (5/8 of the longer side each, for
// codes too small for the downsampled view):
//   half | half inverted | 7/8 global histogram | tile 0 |
//   half global histogram | half inverted | 7/8 global histogram inverted | tile 1
// ZXing-cpp 1.4's local-average binarizer misses small codes at some angles (15°, 45°, 75° with
// 3-4 pixel modules) that it reads on another sampling grid: the 7/8 resampled view (with the
// global-histogram binarizer on large frames, where the local-average one costs too much) and
// the 3/4 one with the global-histogram binarizer read them (docs/SCANNER.md).
class FrameCycle
{
public:
    static constexpr int length = 8;
    // Frames whose longer side has at least this many pixels are large.
    static constexpr int largeSide = 1600;

    static bool isLarge(int width, int height) { return qMax(width, height) >= largeSide; }
    // The attempt for the frame with this number (counted from 0) and size.
    static QrDecoder::Attempt attempt(quint64 frameNumber, int width, int height);
    // Tile 0 or 1 of a large frame: the first and the last 5/8 of its longer side, all of the
    // shorter one (they overlap by a quarter of the longer side).
    static QRect tile(int index, int width, int height);
};

} // namespace tessera
