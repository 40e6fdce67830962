#pragma once

#include <cstdio>

namespace tessera {

// Writes text to stream (stdout or stderr of a command-line program) and flushes it. A write that
// fails (a closed pipe, a full disk) is not reported: the stream that could say so is the one that
// failed, and the program's exit code still tells how it went.
void printText(std::FILE *stream, const char *text);

} // namespace tessera
